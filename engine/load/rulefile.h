/* SPDX-License-Identifier: Apache-2.0 */
/*
 * rulefile.h -- the schema of a rule file, declared once: every key of
 * every mapping, the kind of its value, whether it is required, the bounds
 * of a list, and the placeholder value the shape checker's repair writes
 * when a required key is missing.  One X-macro list per mapping
 * (rules/README.md documents the keys):
 *
 *   loader.c expands them into the structs libcyaml fills and libcyaml's
 *   schema tables (which are data: cyaml_schema_field_t arrays);
 *   shape.c expands them into the table its walk checks every key of a
 *   file against, reporting every problem with its position.
 *
 * So a new key is one line here, plus the code in loader.c's build() that
 * reads it from its struct member (named as the key).  No libcyaml type
 * appears here.
 *
 * Each entry is F(map, kind, key, req, sub, min, max, placeholder):
 *   map          the mapping the key belongs to (struct raw_<map> in
 *                loader.c; <map>_fields in both files)
 *   kind         STR       a single value (a string)
 *                BOOL      true or false (a string to libcyaml: the
 *                          loader parses it, the shape checker checks it)
 *                MAP       a mapping of the keys of `sub`
 *                LIST_STR  a list of single values
 *                LIST_MAP  a list of mappings of the keys of `sub`
 *                ANY_MAP   a mapping of any keys (legacy's `becomes`)
 *                TREE      a LIST_MAP that libcyaml skips (it cannot load
 *                          an ANY_MAP): the loader reads it from a ytree
 *   req          REQ (required) or OPT
 *   sub          MAP, LIST_MAP, TREE: the map of its entries; else 0
 *   min, max     lists: the bounds on entries (max 0: no limit)
 *   placeholder  for the repair (shape.c): the flow text of a value for a
 *                missing required STR or BOOL, or of a LIST_STR's entry;
 *                NULL for "?"
 *
 * A list's sub maps come before it: value, fact, source, contact, outcome,
 * step, factor, rule, legacy, header, file.
 */
#ifndef RULEFILE_H
#define RULEFILE_H

#include "remit_int.h"

/* An enum or set fact's value. */
#define RF_VALUE(F)                                                         \
    F(value, STR, value, REQ, 0, 0, 0, "\"missing_value\"")                 \
    F(value, STR, label, OPT, 0, 0, 0, NULL)

#define RF_FACT(F)                                                          \
    F(fact, STR, name, REQ, 0, 0, 0, "\"missing_name\"")                    \
    F(fact, STR, scope, REQ, 0, 0, 0, "\"head\"")                           \
    F(fact, STR, type, REQ, 0, 0, 0, "\"text\"")                            \
    F(fact, LIST_MAP, values, OPT, value, 0, 0, NULL)                       \
    F(fact, STR, question, REQ, 0, 0, 0, "\"?\"")                           \
    F(fact, STR, help, OPT, 0, 0, 0, NULL)                                  \
    F(fact, STR, key, OPT, 0, 0, 0, NULL)                                   \
    F(fact, STR, presume, OPT, 0, 0, 0, NULL)                               \
    F(fact, BOOL, what_if, OPT, 0, 0, 0, NULL)

#define RF_SOURCE(F)                                                        \
    F(source, STR, id, REQ, 0, 0, 0, "\"missing\"")                         \
    F(source, STR, title, REQ, 0, 0, 0, "\"?\"")                            \
    F(source, STR, section, REQ, 0, 0, 0, "\"?\"")                          \
    F(source, STR, quote, REQ, 0, 0, 0, "\"?\"")                            \
    F(source, STR, url, OPT, 0, 0, 0, NULL)                                 \
    F(source, STR, document, OPT, 0, 0, 0, NULL)                            \
    F(source, STR, grounds, OPT, 0, 0, 0, NULL)

#define RF_CONTACT(F)                                                       \
    F(contact, STR, id, REQ, 0, 0, 0, "\"missing\"")                        \
    F(contact, STR, name, REQ, 0, 0, 0, "\"?\"")                            \
    F(contact, STR, phone, OPT, 0, 0, 0, NULL)                              \
    F(contact, STR, url, OPT, 0, 0, 0, NULL)                                \
    F(contact, STR, note, OPT, 0, 0, 0, NULL)

#define RF_OUTCOME(F)                                                       \
    F(outcome, STR, id, REQ, 0, 0, 0, "\"missing\"")                        \
    F(outcome, STR, label, REQ, 0, 0, 0, "\"?\"")                           \
    F(outcome, BOOL, in_scope, REQ, 0, 0, 0, "false")                       \
    F(outcome, STR, description, OPT, 0, 0, 0, NULL)                        \
    F(outcome, STR, label_discretionary, OPT, 0, 0, 0, NULL)                \
    F(outcome, BOOL, outside_remit, OPT, 0, 0, 0, NULL)

/* A rule's next step. */
#define RF_STEP(F)                                                          \
    F(step, STR, text, REQ, 0, 0, 0, "\"?\"")                               \
    F(step, STR, contact, OPT, 0, 0, 0, NULL)                               \
    F(step, STR, by, OPT, 0, 0, 0, NULL)

/* A factor a discretionary rule weighs. */
#define RF_FACTOR(F)                                                        \
    F(factor, STR, leans, REQ, 0, 0, 0, "\"accept\"")                       \
    F(factor, STR, when, REQ, 0, 0, 0, "\"false\"")                         \
    F(factor, STR, says, REQ, 0, 0, 0, "\"?\"")                             \
    F(factor, LIST_STR, cite, REQ, 0, 1, 0, "\"?\"")

#define RF_RULE(F)                                                          \
    F(rule, STR, id, REQ, 0, 0, 0, "\"missing\"")                           \
    F(rule, STR, title, REQ, 0, 0, 0, "\"?\"")                              \
    F(rule, STR, scope, REQ, 0, 0, 0, "\"head\"")                           \
    F(rule, STR, when, REQ, 0, 0, 0, "\"false\"")                           \
    F(rule, STR, outcome, REQ, 0, 0, 0, "\"note\"")                         \
    F(rule, STR, explanation, REQ, 0, 0, 0, "\"?\"")                        \
    F(rule, LIST_STR, cite, REQ, 0, 1, 0, "\"?\"")                          \
    F(rule, BOOL, discretionary, OPT, 0, 0, 0, NULL)                        \
    F(rule, STR, discretion, OPT, 0, 0, 0, NULL)                            \
    F(rule, BOOL, outside_remit, OPT, 0, 0, 0, NULL)                        \
    F(rule, LIST_MAP, next_steps, OPT, step, 0, 0, NULL)                    \
    F(rule, LIST_MAP, weighs, OPT, factor, 0, 0, NULL)

/* A format-1 member read in format 2 (`becomes`: {} drops it). */
#define RF_LEGACY(F)                                                        \
    F(legacy, STR, fact, REQ, 0, 0, 0, "\"missing\"")                       \
    F(legacy, STR, scope, REQ, 0, 0, 0, "\"head\"")                         \
    F(legacy, STR, value, OPT, 0, 0, 0, NULL)                               \
    F(legacy, ANY_MAP, becomes, REQ, 0, 0, 0, NULL)

/* The `ruleset:` header. */
#define RF_HEADER(F)                                                        \
    F(header, STR, id, REQ, 0, 0, 0, "\"missing\"")                         \
    F(header, STR, title, REQ, 0, 0, 0, "\"?\"")                            \
    F(header, STR, jurisdiction, REQ, 0, 0, 0, "\"?\"")                     \
    F(header, STR, version, REQ, 0, 0, 0, "\"?\"")                          \
    F(header, STR, law_checked, REQ, 0, 0, 0, "\"2000-01-01\"")             \
    F(header, STR, applies_when, REQ, 0, 0, 0, "\"false\"")

/* The top level of the file. */
#define RF_FILE(F)                                                          \
    F(file, MAP, ruleset, REQ, header, 0, 0, NULL)                          \
    F(file, LIST_STR, holidays, OPT, 0, 0, 0, NULL)                         \
    F(file, LIST_MAP, sources, REQ, source, 1, 0, NULL)                     \
    F(file, LIST_MAP, contacts, OPT, contact, 0, 0, NULL)                   \
    F(file, LIST_MAP, facts, REQ, fact, 1, REMIT_MAX_FACTS, NULL)           \
    F(file, LIST_MAP, outcomes, REQ, outcome, 1, 64, NULL)                  \
    F(file, STR, default_outcome, REQ, 0, 0, 0, "\"?\"")                    \
    F(file, LIST_MAP, rules, REQ, rule, 1, REMIT_MAX_RULES, NULL)           \
    F(file, TREE, legacy, OPT, legacy, 0, 0, NULL)

#endif
