/* SPDX-License-Identifier: Apache-2.0 */
/*
 * api.c -- the public remit_ functions over the stages: loading files and
 * directories, choosing the ruleset that applies, evaluating, and the
 * accessors of results.  The only file that defines the public API.
 * Consumes the caller's paths, texts and options; produces rulesets,
 * results and diagnostics lists, by driving the stages below.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "date.h"
#include "files.h"
#include "width.h"
#include "result.h"
#include "whatif.h"

int remit_version(void)
{
    return REMIT_VERSION_NUMBER;
}

const char *remit_version_string(void)
{
    return REMIT_VERSION_STRING;
}

const char *remit_status_str(remit_status status)
{
    switch (status) {
    case REMIT_OK: return "success";
    case REMIT_ENOMEM: return "out of memory";
    case REMIT_EINVAL: return "invalid argument";
    case REMIT_EIO: return "cannot read the file";
    case REMIT_ERULES: return "invalid rules";
    case REMIT_EINPUT: return "invalid complaint";
    case REMIT_ENORULESET: return "no ruleset applies to the complaint";
    case REMIT_STATUS_COUNT: break;
    }
    return "unknown status";
}

/* ---- Loading ------------------------------------------------------------- */

static remit_ruleset *ruleset_new(const remit_config *config)
{
    remit_config cfg = {NULL, NULL, 0};
    if (config) cfg = *config;
    arena a;
    arena_init(&a, cfg.alloc, cfg.alloc_ctx);
    remit_ruleset *rs = arena_raw_alloc(&a, sizeof *rs);
    if (!rs) return NULL;
    memset(rs, 0, sizeof *rs);
    rs->mem = a;
    rs->config = cfg;
    return rs;
}

void remit_ruleset_free(remit_ruleset *rs)
{
    if (!rs) return;
    arena a = rs->mem;
    arena_raw_free(&a, rs->files);
    arena_free_all(&a);
    arena_raw_free(&a, rs);
}

/* Reads a whole file through the ruleset's allocator. */
static remit_status read_file(const remit_ruleset *rs, const char *path,
                              char **text_out, size_t *len_out,
                              remit_diagnostics *d)
{
    *text_out = NULL;
    diag_pos pos = {path, 0, 0, NULL, NULL};
    struct stat st;
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
        (uint64_t)st.st_size > REMIT_MAX_RULES_FILE_BYTES) {
        diag_add(d, REMIT_ERULES, REMIT_SEVERITY_ERROR, "too-large", &pos,
                 "rule file too large (%lld bytes; the limit is %u)",
                 (long long)st.st_size, REMIT_MAX_RULES_FILE_BYTES);
        return REMIT_ERULES;
    }
    size_t len = 0;
    errno = 0;
    char *text = files_read(&rs->mem, path, REMIT_MAX_RULES_FILE_BYTES * 2u, &len);
    if (!text) {
        if (errno == ENOMEM) return REMIT_ENOMEM;
        if (errno == EIO)
            diag_add(d, REMIT_EIO, REMIT_SEVERITY_ERROR, "io", &pos, "read error");
        else
            diag_add(d, REMIT_EIO, REMIT_SEVERITY_ERROR, "io", &pos,
                     "cannot open: %s", strerror(errno));
        return REMIT_EIO;
    }
    *text_out = text;
    *len_out = len;
    return REMIT_OK;
}

static remit_status load_one(remit_ruleset *rs, const char *path,
                             remit_diagnostics *d)
{
    char *text;
    size_t len;
    remit_status st = read_file(rs, path, &text, &len, d);
    if (st != REMIT_OK) return st;
    st = loader_load(rs, path, text, len, d);
    arena_raw_free(&rs->mem, text);
    return st;
}

static remit_status load_dir(remit_ruleset *rs, const char *path,
                             remit_diagnostics *d)
{
    arena a;
    arena_init(&a, rs->mem.alloc, rs->mem.ctx);
    char *names[REMIT_MAX_RULE_FILES];
    size_t n;
    remit_status st = files_list_rules(&a, path, names, &n, d);
    for (size_t k = 0; k < n && st != REMIT_ENOMEM; k++) {
        remit_status s = load_one(rs, names[k], d);
        if (s != REMIT_OK && st == REMIT_OK) st = s;
        if (s == REMIT_ENOMEM) st = s;
    }
    arena_free_all(&a);
    return st;
}

/* Two files with the same ruleset id would make results ambiguous. */
static remit_status check_ids(remit_ruleset *rs, remit_diagnostics *d)
{
    for (size_t i = 0; i < rs->nfiles; i++)
        for (size_t j = 0; j < i; j++)
            if (strcmp(rs->files[i].id, rs->files[j].id) == 0) {
                diag_pos pos = {rs->files[i].file, 0, 0, NULL, NULL};
                diag_add(d, REMIT_ERULES, REMIT_SEVERITY_ERROR, "duplicate-id",
                         &pos, "ruleset id '%s' is also used by %s",
                         rs->files[i].id, rs->files[j].file);
                return REMIT_ERULES;
            }
    return REMIT_OK;
}

static remit_status finish_load(remit_ruleset *rs, remit_status st,
                                remit_diagnostics *d, remit_ruleset **out,
                                remit_diagnostics **diags_out)
{
    if (st == REMIT_OK) st = check_ids(rs, d);
    for (size_t i = 0; i < rs->nfiles && st == REMIT_OK; i++)
        st = complaint_index(&rs->mem, &rs->files[i]);
    if (st == REMIT_OK && d && d->oom) st = REMIT_ENOMEM;
    if (st != REMIT_OK) {
        remit_ruleset_free(rs);
        rs = NULL;
    }
    *out = rs;
    if (diags_out) *diags_out = d;
    else remit_diagnostics_free(d);
    return st;
}

/* A new empty ruleset and its diagnostics list, both in *_out; false (and
 * neither) when out of memory. */
static bool load_start(const remit_config *config, remit_ruleset **rs_out,
                       remit_diagnostics **d_out)
{
    *rs_out = ruleset_new(config);
    if (!*rs_out) return false;
    *d_out = diag_new((*rs_out)->mem.alloc, (*rs_out)->mem.ctx);
    if (*d_out) return true;
    remit_ruleset_free(*rs_out);
    return false;
}

remit_status remit_ruleset_load(const char *path, const remit_config *config,
                                remit_ruleset **ruleset_out,
                                remit_diagnostics **diags_out)
{
    if (diags_out) *diags_out = NULL;
    if (!ruleset_out) return REMIT_EINVAL;
    *ruleset_out = NULL;
    if (!path) return REMIT_EINVAL;
    remit_ruleset *rs;
    remit_diagnostics *d;
    if (!load_start(config, &rs, &d)) return REMIT_ENOMEM;
    bool dir;
    remit_status s = files_is_dir(path, &dir, d);
    if (s == REMIT_OK) s = dir ? load_dir(rs, path, d) : load_one(rs, path, d);
    return finish_load(rs, s, d, ruleset_out, diags_out);
}

remit_status remit_ruleset_load_memory(const char *name, const char *text,
                                       size_t len, const remit_config *config,
                                       remit_ruleset **ruleset_out,
                                       remit_diagnostics **diags_out)
{
    if (diags_out) *diags_out = NULL;
    if (!ruleset_out) return REMIT_EINVAL;
    *ruleset_out = NULL;
    if (!text && len) return REMIT_EINVAL;
    remit_ruleset *rs;
    remit_diagnostics *d;
    if (!load_start(config, &rs, &d)) return REMIT_ENOMEM;
    remit_status s = loader_load(rs, name ? name : "<memory>", text ? text : "",
                                 len, d);
    return finish_load(rs, s, d, ruleset_out, diags_out);
}

size_t remit_ruleset_count(const remit_ruleset *rs)
{
    return rs ? rs->nfiles : 0;
}

remit_status remit_ruleset_get_info(const remit_ruleset *rs, size_t i,
                                    remit_ruleset_info *info)
{
    if (!rs || !info || i >= rs->nfiles) return REMIT_EINVAL;
    const rsfile *f = &rs->files[i];
    info->id = f->id;
    info->title = f->title;
    info->jurisdiction = f->jurisdiction;
    info->version = f->version;
    info->law_checked = f->law_checked;
    info->applies_when = f->applies_text;
    info->file = f->file;
    info->digest = f->digest;
    info->rule_count = f->nrules;
    info->fact_count = f->nfacts;
    return REMIT_OK;
}

size_t remit_ruleset_fact_count(const remit_ruleset *rs, size_t file)
{
    return rs && file < rs->nfiles ? rs->files[file].nfacts : 0;
}

remit_status remit_ruleset_get_fact(const remit_ruleset *rs, size_t file,
                                    size_t i, remit_fact_info *info)
{
    if (!rs || !info || file >= rs->nfiles || i >= rs->files[file].nfacts)
        return REMIT_EINVAL;
    const fact_def *f = &rs->files[file].facts[i];
    info->name = f->name;
    info->key = f->key;
    info->scope = f->scope == SCOPE_HEAD ? "head" : "complaint";
    info->type = fact_type_name(f->type);
    info->question = f->question;
    info->help = f->help;
    info->value_count = f->nvalues;
    info->values = f->value_ids;
    info->labels = f->value_labels;
    info->presumed = f->has_presume;
    return REMIT_OK;
}

void remit_string_free(const remit_ruleset *rs, char *s)
{
    if (!s) return;
    if (rs) arena_raw_free(&rs->mem, s);
    else arena_default_alloc(NULL, s, 0);
}

/* Hands the contents of b to the caller as a string of its own. */
static remit_status give(const remit_ruleset *rs, buf *b, char **out)
{
    const char *s = buf_cstr(b);
    if (!s) {
        buf_free(b);
        return REMIT_ENOMEM;
    }
    *out = b->p;
    b->p = NULL;
    (void)rs;
    return REMIT_OK;
}

remit_status remit_ruleset_facts_json(const remit_ruleset *rs, char **out)
{
    if (!out) return REMIT_EINVAL;
    *out = NULL;
    if (!rs) return REMIT_EINVAL;
    buf b;
    buf_init(&b, &rs->mem);
    buf_puts(&b, "{\"rulesets\":[");
    for (size_t i = 0; i < rs->nfiles; i++) {
        const rsfile *f = &rs->files[i];
        if (i) buf_putc(&b, ',');
        buf_puts(&b, "\n {\"id\":");
        buf_json_str(&b, f->id);
        buf_puts(&b, ",\"title\":");
        buf_json_str(&b, f->title);
        buf_puts(&b, ",\"applies_when\":");
        buf_json_str(&b, f->applies_text);
        buf_puts(&b, ",\"format\":2,\"legacy\":[");
        for (size_t k = 0; k < f->nlegacy; k++) {
            const legacy_def *ld = &f->legacy[k];
            buf_puts(&b, k ? ",\n  {\"fact\":" : "\n  {\"fact\":");
            buf_json_str(&b, ld->member);
            buf_puts(&b, ",\"scope\":");
            buf_json_str(&b, ld->scope == SCOPE_HEAD ? "head" : "complaint");
            buf_puts(&b, ",\"value\":");
            if (ld->value) buf_json_str(&b, ld->value);
            else buf_puts(&b, "null");
            buf_puts(&b, ",\"becomes\":{");
            for (size_t j = 0; j < ld->nsets; j++) {
                const legacy_set *s = &ld->sets[j];
                if (j) buf_putc(&b, ',');
                buf_json_str(&b, s->key);
                buf_putc(&b, ':');
                if (s->type == FT_BOOL) buf_puts(&b, s->b ? "true" : "false");
                else if (s->type == FT_INT) buf_int(&b, s->i);
                else if (s->type == FT_SET) {
                    buf_putc(&b, '[');
                    for (size_t m = 0; m < s->nlist; m++) {
                        if (m) buf_putc(&b, ',');
                        buf_json_str(&b, s->list[m]);
                    }
                    buf_putc(&b, ']');
                } else buf_json_str(&b, s->s);
            }
            buf_puts(&b, "}}");
        }
        buf_puts(&b, "],\"facts\":[");
        for (size_t k = 0; k < f->nfacts; k++) {
            const fact_def *fd = &f->facts[k];
            buf_puts(&b, k ? ",\n  {" : "\n  {");
            buf_puts(&b, "\"name\":");
            buf_json_str(&b, fd->name);
            buf_puts(&b, ",\"scope\":");
            buf_json_str(&b, fd->scope == SCOPE_HEAD ? "head" : "complaint");
            buf_puts(&b, ",\"key\":");
            buf_json_str(&b, fd->key);
            buf_puts(&b, ",\"type\":");
            buf_json_str(&b, fact_type_name(fd->type));
            /* Set by the engine from the head's "handling_of", not a member
             * the complaint gives. */
            if (fd->derived) buf_puts(&b, ",\"derived\":true");
            buf_puts(&b, ",\"question\":");
            buf_json_str(&b, fd->question);
            buf_puts(&b, ",\"help\":");
            buf_json_str(&b, fd->help);
            buf_puts(&b, ",\"values\":[");
            for (size_t v = 0; v < fd->nvalues; v++) {
                buf_puts(&b, v ? ",{\"value\":" : "{\"value\":");
                buf_json_str(&b, fd->values[v].value);
                buf_puts(&b, ",\"label\":");
                buf_json_str(&b, fd->values[v].label);
                buf_putc(&b, '}');
            }
            buf_puts(&b, "]}");
        }
        buf_puts(&b, "]}");
    }
    buf_puts(&b, "\n]}\n");
    return give(rs, &b, out);
}

static void schema_prop(buf *b, const fact_def *f)
{
    const char *dot = strrchr(f->key, '.');
    buf_json_str(b, dot ? dot + 1 : f->key);
    buf_puts(b, ": {");
    char desc[2048];
    snprintf(desc, sizeof desc, "%s%s%s", f->question, f->help[0] ? " " : "",
             f->help);
    buf_puts(b, "\"description\": ");
    buf_json_str(b, desc);
    switch (f->type) {
    case FT_BOOL: buf_puts(b, ", \"type\": [\"boolean\", \"null\"]"); break;
    case FT_INT: buf_puts(b, ", \"type\": [\"integer\", \"null\"]"); break;
    case FT_TEXT: buf_puts(b, ", \"type\": [\"string\", \"null\"]"); break;
    case FT_DATE:
        /* A day, or only a month or a year when that is all that is
         * known (no "format": "date", which would refuse those). */
        buf_puts(b, ", \"type\": [\"string\", \"null\"], "
                    "\"pattern\": \"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$\"");
        break;
    case FT_ENUM:
    case FT_SET:
        if (f->type == FT_SET)
            buf_puts(b, ", \"type\": [\"array\", \"null\"], \"uniqueItems\": "
                        "true, \"items\": {\"enum\": [");
        else
            buf_puts(b, ", \"enum\": [");
        for (size_t v = 0; v < f->nvalues; v++) {
            if (v) buf_puts(b, ", ");
            buf_json_str(b, f->values[v].value);
        }
        buf_puts(b, f->type == FT_SET ? "]}" : ", null]");
        break;
    default: break;
    }
    buf_putc(b, '}');
}

/* Whether fact (file i, index k) is the first declaration of its key and
 * scope across the files (later files repeat the shared vocabulary). */
static bool first_declaration(const remit_ruleset *rs, size_t i, size_t k)
{
    const fact_def *f = &rs->files[i].facts[k];
    for (size_t j = 0; j <= i; j++)
        for (size_t m = 0; m < rs->files[j].nfacts; m++) {
            if (j == i && m == k) return true;
            const fact_def *g = &rs->files[j].facts[m];
            if (g->scope == f->scope && strcmp(g->key, f->key) == 0) return false;
        }
    return true;
}

/*
 * The properties of the facts of `scope` whose keys start with `prefix`
 * ("" at the top): a key "a.b" under prefix "" becomes an object property
 * "a" holding "b".  Each nested object is written once, at the first fact
 * that needs it.
 */
static void schema_props(buf *b, const remit_ruleset *rs, fact_scope scope,
                         const char *prefix, int depth, bool *first)
{
    size_t pl = strlen(prefix);
    for (size_t i = 0; i < rs->nfiles; i++)
        for (size_t k = 0; k < rs->files[i].nfacts; k++) {
            const fact_def *f = &rs->files[i].facts[k];
            if (f->scope != scope || strncmp(f->key, prefix, pl) != 0 ||
                !first_declaration(rs, i, k) || f->derived)
                continue;
            const char *rest = f->key + pl;
            const char *dot = strchr(rest, '.');
            size_t cl = dot ? (size_t)(dot - rest) : strlen(rest);
            /* Skip a container already written for an earlier fact. */
            bool seen = false;
            for (size_t j = 0; j <= i && !seen && dot; j++)
                for (size_t m = 0; m < rs->files[j].nfacts; m++) {
                    if (j == i && m == k) break;
                    const fact_def *g = &rs->files[j].facts[m];
                    if (g->scope == scope && strncmp(g->key, f->key, pl + cl) == 0 &&
                        g->key[pl + cl] == '.') {
                        seen = true;
                        break;
                    }
                }
            if (seen) continue;
            buf_puts(b, *first ? "\n" : ",\n");
            *first = false;
            for (int d = 0; d < depth; d++) buf_puts(b, "  ");
            if (!dot) {
                schema_prop(b, f);
                continue;
            }
            buf_putc(b, '"');
            buf_add(b, rest, cl);
            buf_puts(b, "\": {\"type\": [\"object\", \"null\"], \"properties\": {");
            char sub[300];
            snprintf(sub, sizeof sub, "%.*s.", (int)(pl + cl), f->key);
            bool inner = true;
            schema_props(b, rs, scope, sub, depth + 1, &inner);
            buf_puts(b, "}}");
        }
}

remit_status remit_ruleset_schema_json(const remit_ruleset *rs, char **out)
{
    if (!out) return REMIT_EINVAL;
    *out = NULL;
    if (!rs) return REMIT_EINVAL;
    buf b;
    buf_init(&b, &rs->mem);
    buf_puts(&b, "{\n  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\",\n"
                 "  \"title\": \"A complaint for remit\",\n"
                 "  \"description\": \"Derived from the fact declarations of the "
                 "rulesets:");
    for (size_t i = 0; i < rs->nfiles; i++) {
        buf_puts(&b, i ? ", " : " ");
        buf_puts(&b, rs->files[i].id);
        buf_puts(&b, " ");
        buf_puts(&b, rs->files[i].version);
    }
    buf_printf(&b, ". Absent or null means unknown.\",\n"
                   "  \"type\": \"object\",\n  \"required\": [\"heads\"],\n"
                   "  \"properties\": {\n    \"id\": {\"description\": \"Your "
                   "reference for the complaint; echoed in the verdict.\", "
                   "\"type\": [\"string\", \"null\"]},\n    \"format\": "
                   "{\"description\": \"The complaint format: 2, the one "
                   "described here. Without it (format 1), members of the "
                   "earlier format are read through the rules' legacy "
                   "mappings, with a warning each; remit migrate rewrites "
                   "such a complaint.\", \"enum\": [1, 2, null]}");
    bool first = false;
    schema_props(&b, rs, SCOPE_COMPLAINT, "", 2, &first);
    buf_printf(&b, ",\n    \"heads\": {\n      \"description\": \"One object "
                   "per thing complained about.\",\n      \"type\": \"array\", "
                   "\"minItems\": 1, \"maxItems\": %u,\n      \"items\": {\n"
                   "        \"type\": \"object\",\n        \"properties\": {",
               REMIT_MAX_HEADS);
    buf_puts(&b, "\n          \"id\": {\"description\": \"A short name for "
                 "the head, unique in the complaint, for handling_of.\", "
                 "\"type\": [\"string\", \"null\"], \"minLength\": 1},\n"
                 "          \"handling_of\": {\"description\": \"For a head "
                 "about how the council handled the complaint: the ids of the "
                 "heads whose complaint handling it is about. The engine "
                 "evaluates those first and sets handled_matter from their "
                 "verdicts.\", \"type\": [\"array\", \"null\"], "
                 "\"uniqueItems\": true, \"items\": {\"type\": \"string\", "
                 "\"minLength\": 1}}");
    first = false;
    schema_props(&b, rs, SCOPE_HEAD, "", 5, &first);
    buf_puts(&b, "\n        }\n      }\n    }\n  }\n}\n");
    return give(rs, &b, out);
}

/* ---- Evaluation ------------------------------------------------------------ */

void remit_result_free(remit_result *r)
{
    if (!r || r->kept) return;
    buf_free(&r->json);
    buf_free(&r->text);
    arena a = r->mem;
    arena_free_all(&a);
    arena_raw_free(&a, r);
}

static int64_t today_of(const remit_eval_options *o, remit_diagnostics *d,
                        bool *ok)
{
    *ok = true;
    if (o && (o->today_year || o->today_month || o->today_day)) {
        if (!date_valid(o->today_year, o->today_month, o->today_day)) {
            diag_add(d, REMIT_EINVAL, REMIT_SEVERITY_ERROR, "bad-date", NULL,
                     "the evaluation date %04d-%02d-%02d is not a real date",
                     o->today_year, o->today_month, o->today_day);
            *ok = false;
            return 0;
        }
        return date_from_ymd(o->today_year, o->today_month, o->today_day);
    }
    return date_uk_day((int64_t)time(NULL));
}

size_t remit_display_width(const char *text, size_t len)
{
    return text ? width_text(text, len) : 0;
}

void remit_today(int *year_out, int *month_out, int *day_out)
{
    int y, m, d;
    date_to_ymd(date_uk_day((int64_t)time(NULL)), &y, &m, &d);
    if (year_out) *year_out = y;
    if (month_out) *month_out = m;
    if (day_out) *day_out = d;
}

/* Chooses the file whose applies_when holds.  *chosen: index, or -1 when
 * none holds but some are undetermined (*deps then holds the facts asked,
 * *undetermined the first such file), or -2 when none can apply. */
static remit_status choose(const remit_ruleset *rs, const complaint_doc *doc,
                           remit_result *r, remit_diagnostics *d, int *chosen,
                           int *undetermined, factset *deps)
{
    *chosen = -2;
    *undetermined = -1;
    int ntrue = 0;
    for (size_t i = 0; i < rs->nfiles; i++) {
        const rsfile *f = &rs->files[i];
        /* Only the facts applies_when reads; problems are reported when the
         * chosen file's facts are read in full. */
        remit_status st = complaint_extract_some(doc, f, r, f->applies_reads,
                                                 f->napplies_reads);
        if (st == REMIT_ENOMEM) return st;
        eval_env env = {r->cvals, r->today, f->holidays, f->nholidays};
        factset fd = {{0}};
        value v = expr_eval(f->applies, &env, &fd);
        if (v.known && v.i) {
            if (ntrue++ == 0) {
                *chosen = (int)i;
            } else {
                diag_pos pos = {f->file, 0, 0, NULL, NULL};
                diag_add(d, REMIT_ENORULESET, REMIT_SEVERITY_ERROR,
                         "several-rulesets", &pos,
                         "both %s and %s apply to this complaint: their "
                         "applies_when conditions overlap",
                         rs->files[*chosen].id, f->id);
            }
        } else if (!v.known && *undetermined < 0) {
            *undetermined = (int)i;
            *deps = fd;
        }
    }
    if (ntrue > 1) return REMIT_ENORULESET;
    if (ntrue == 0 && *undetermined >= 0) *chosen = -1;
    return REMIT_OK;
}

/* A new, empty result in its own arena; NULL when out of memory. */
static remit_result *result_new(const remit_ruleset *rs)
{
    arena a;
    arena_init(&a, rs->mem.alloc, rs->mem.ctx);
    remit_result *r = arena_raw_alloc(&a, sizeof *r);
    if (!r) return NULL;
    memset(r, 0, sizeof *r);
    r->mem = a;
    r->rs = rs;
    buf_init(&r->json, &r->mem);
    buf_init(&r->text, &r->mem);
    return r;
}

/*
 * Evaluates the complaint into r, a new or emptied result, reporting to d.
 * The body of remit_evaluate and remit_evaluator_run.
 */
static remit_status evaluate(const remit_ruleset *rs, remit_result *r,
                             remit_diagnostics *d, const char *json,
                             size_t len, const remit_eval_options *options)
{
    const char *name = options && options->input_name ? options->input_name
                                                      : "<complaint>";
    bool strict = options && (options->flags & REMIT_EVAL_STRICT);
    bool quiet = options && (options->flags & REMIT_EVAL_QUIET_UNKNOWN);
    remit_status st = REMIT_OK;
    complaint_doc *doc = NULL;
    r->trace = options && (options->flags & REMIT_EVAL_TRACE);
    bool ok;
    r->today = today_of(options, d, &ok);
    if (!ok) {
        st = REMIT_EINVAL;
        goto out;
    }
    bool oom;
    doc = complaint_parse(json ? json : "", len, name, d, &oom);
    if (!doc) {
        st = oom ? REMIT_ENOMEM : REMIT_EINPUT;
        goto out;
    }
    int chosen, undetermined;
    factset deps = {{0}};
    st = choose(rs, doc, r, d, &chosen, &undetermined, &deps);
    if (st != REMIT_OK) goto out;
    if (chosen == -2) {
        diag_pos pos = {name, 0, 0, "", NULL};
        char list[1024] = "";
        size_t at = 0;
        for (size_t i = 0; i < rs->nfiles && at < sizeof list; i++) {
            int w = snprintf(list + at, sizeof list - at, "%s%s applies when %s",
                             i ? "; " : "", rs->files[i].id,
                             rs->files[i].applies_text);
            if (w > 0) at += (size_t)w;
        }
        diag_add(d, REMIT_ENORULESET, REMIT_SEVERITY_ERROR, "no-ruleset", &pos,
                 "no loaded ruleset applies to this complaint (%s)", list);
        st = REMIT_ENORULESET;
        goto out;
    }
    r->f = &rs->files[chosen >= 0 ? chosen : undetermined];
    r->selecting = chosen < 0;
    st = complaint_extract(doc, r->f, r, true, strict, quiet, d);
    if (st != REMIT_OK) goto out;
    if (r->selecting) {
        r->nheads = 0;
        st = verdict_selection_questions(r, &deps);
    } else {
        st = verdict_run(r);
    }
out:
    complaint_free(doc);
    if (st == REMIT_OK && d->oom) st = REMIT_ENOMEM;
    return st;
}

remit_status remit_migrate(const remit_ruleset *rs, const char *json,
                           size_t len, const remit_eval_options *options,
                           char **json_out, remit_diagnostics **diags_out)
{
    if (diags_out) *diags_out = NULL;
    if (!json_out) return REMIT_EINVAL;
    *json_out = NULL;
    if (!rs || (!json && len) || rs->nfiles == 0) return REMIT_EINVAL;
    remit_diagnostics *d = diag_new(rs->mem.alloc, rs->mem.ctx);
    if (!d) return REMIT_ENOMEM;
    remit_result *r = result_new(rs);
    remit_status st = r ? REMIT_OK : REMIT_ENOMEM;
    complaint_doc *doc = NULL;
    const char *name = options && options->input_name ? options->input_name
                                                      : "<complaint>";
    bool oom = false;
    if (st == REMIT_OK) {
        doc = complaint_parse(json ? json : "", len, name, d, &oom);
        if (!doc) st = oom ? REMIT_ENOMEM : REMIT_EINPUT;
    }
    int chosen = -2, undetermined = -1;
    factset deps = {{0}};
    if (st == REMIT_OK) st = choose(rs, doc, r, d, &chosen, &undetermined, &deps);
    if (st == REMIT_OK) {
        /* The ruleset that applies; while none can be chosen yet, the first
         * that may (their legacy mappings are the shared vocabulary's). */
        int k = chosen >= 0 ? chosen : undetermined >= 0 ? undetermined : 0;
        buf b;
        buf_init(&b, &rs->mem);
        st = complaint_migrate(doc, &rs->files[k], r, d, &b);
        if (st == REMIT_OK) st = give(rs, &b, json_out);
        else buf_free(&b);
    }
    complaint_free(doc);
    remit_result_free(r);
    if (st == REMIT_OK && d->oom) st = REMIT_ENOMEM;
    if (st != REMIT_OK && *json_out) {
        remit_string_free(rs, *json_out);
        *json_out = NULL;
    }
    if (diags_out) *diags_out = d;
    else remit_diagnostics_free(d);
    return st;
}

remit_status remit_evaluate(const remit_ruleset *rs, const char *json,
                            size_t len, const remit_eval_options *options,
                            remit_result **result_out,
                            remit_diagnostics **diags_out)
{
    if (diags_out) *diags_out = NULL;
    if (!result_out) return REMIT_EINVAL;
    *result_out = NULL;
    if (!rs || (!json && len)) return REMIT_EINVAL;
    if (rs->nfiles == 0) return REMIT_EINVAL;
    remit_diagnostics *d = diag_new(rs->mem.alloc, rs->mem.ctx);
    if (!d) return REMIT_ENOMEM;
    remit_result *r = result_new(rs);
    remit_status st = r ? evaluate(rs, r, d, json, len, options) : REMIT_ENOMEM;
    if (st != REMIT_OK) {
        remit_result_free(r);
        r = NULL;
    }
    *result_out = r;
    if (diags_out) *diags_out = d;
    else remit_diagnostics_free(d);
    return st;
}

/* ---- Evaluators: one evaluation's memory, kept for the next ------------------ */

/* The arena chunk an evaluator keeps between runs, at most. */
#define EVALUATOR_KEEP ((size_t)1 << 20)

struct remit_evaluator {
    const remit_ruleset *rs;
    remit_result *r;      /* kept: remit_result_free ignores it */
    remit_diagnostics *d;
};

remit_status remit_evaluator_new(const remit_ruleset *rs,
                                 remit_evaluator **evaluator_out)
{
    if (!evaluator_out) return REMIT_EINVAL;
    *evaluator_out = NULL;
    if (!rs || rs->nfiles == 0) return REMIT_EINVAL;
    remit_evaluator *ev = arena_raw_alloc(&rs->mem, sizeof *ev);
    if (!ev) return REMIT_ENOMEM;
    ev->rs = rs;
    ev->r = result_new(rs);
    ev->d = diag_new(rs->mem.alloc, rs->mem.ctx);
    if (!ev->r || !ev->d) {
        remit_result_free(ev->r);
        remit_diagnostics_free(ev->d);
        arena_raw_free(&rs->mem, ev);
        return REMIT_ENOMEM;
    }
    ev->r->kept = true;
    *evaluator_out = ev;
    return REMIT_OK;
}

void remit_evaluator_free(remit_evaluator *ev)
{
    if (!ev) return;
    ev->r->kept = false;
    remit_result_free(ev->r);
    remit_diagnostics_free(ev->d);
    arena_raw_free(&ev->rs->mem, ev);
}

remit_status remit_evaluator_run(remit_evaluator *ev, const char *json,
                                 size_t len, const remit_eval_options *options,
                                 remit_result **result_out,
                                 const remit_diagnostics **diags_out)
{
    if (diags_out) *diags_out = NULL;
    if (!result_out) return REMIT_EINVAL;
    *result_out = NULL;
    if (!ev || (!json && len)) return REMIT_EINVAL;
    /* Empty the last result and diagnostics, keeping their memory: the
     * arena's chunk, the text buffers, the diagnostics array. */
    remit_result *r = ev->r;
    arena mem = r->mem;
    buf json_buf = r->json, text_buf = r->text;
    arena_reset(&mem, EVALUATOR_KEEP);
    memset(r, 0, sizeof *r);
    r->mem = mem;
    r->rs = ev->rs;
    r->kept = true;
    r->json = json_buf;
    r->json.len = 0;
    r->json.oom = false;
    r->text = text_buf;
    r->text.len = 0;
    r->text.oom = false;
    remit_diagnostics *d = ev->d;
    arena_reset(&d->mem, EVALUATOR_KEEP);
    d->count = d->errors = 0;
    d->oom = d->capped = false;
    remit_status st = evaluate(ev->rs, r, d, json, len, options);
    if (st == REMIT_OK) *result_out = r;
    if (diags_out) *diags_out = d;
    return st;
}

/* ---- Accessors --------------------------------------------------------------- */

const char *remit_result_verdict(const remit_result *r)
{
    return r ? verdict_id(r, r->verdict) : NULL;
}

const char *remit_result_provisional(const remit_result *r)
{
    if (!r || r->verdict != V_NEEDS_INFO) return NULL;
    return verdict_id(r, r->provisional);
}

bool remit_result_discretionary(const remit_result *r)
{
    return r && r->discretionary;
}

const char *remit_result_ruleset_id(const remit_result *r)
{
    return r && r->f ? r->f->id : NULL;
}

const char *remit_result_id(const remit_result *r)
{
    return r ? r->id : NULL;
}

size_t remit_result_unknown_members(const remit_result *r)
{
    return r ? r->unknown_members : 0;
}

size_t remit_result_head_count(const remit_result *r)
{
    return r ? r->nheads : 0;
}

const char *remit_result_head_verdict(const remit_result *r, size_t i)
{
    if (!r || i >= r->nheads) return NULL;
    const head_result *h = &r->heads[i];
    return verdict_id(r, h->needs_info ? V_NEEDS_INFO : h->outcome);
}

const char *remit_result_head_rule(const remit_result *r, size_t i)
{
    if (!r || i >= r->nheads || r->heads[i].deciding < 0) return NULL;
    return r->f->rules[r->heads[i].deciding].id;
}

const char *remit_result_head_basis(const remit_result *r, size_t i)
{
    if (!r || i >= r->nheads) return NULL;
    return verdict_basis_id(r->heads[i].basis);
}

const char *remit_result_head_discretion(const remit_result *r, size_t i)
{
    if (!r || i >= r->nheads) return NULL;
    return verdict_assessment_id(r->heads[i].assess);
}

bool remit_result_question_for_discretion(const remit_result *r, size_t i)
{
    return r && i < r->nquestions && r->questions[i].strongest == Q_DISCRETION;
}

size_t remit_result_question_count(const remit_result *r)
{
    return r ? r->nquestions : 0;
}

remit_status remit_result_get_question(const remit_result *r, size_t i,
                                       remit_question *q)
{
    if (!r || !q || i >= r->nquestions) return REMIT_EINVAL;
    const question_item *x = &r->questions[i];
    const fact_def *f = &r->f->facts[x->slot];
    /* The pointer and the values array live in the result's arena. */
    remit_result *m = (remit_result *)r;
    buf b;
    buf_init(&b, &m->mem);
    ruleset_pointer(&b, f, x->head);
    const char *p = buf_cstr(&b);
    char *ptr = p ? arena_strdup(&m->mem, p) : NULL;
    buf_free(&b);
    size_t nv = f->derived ? r->nheads : f->nvalues;
    const char **vals = arena_alloc(&m->mem, (nv + 1) * sizeof *vals);
    if (!ptr || !vals) return REMIT_ENOMEM;
    q->type = fact_type_name(f->type);
    if (f->derived) {
        /* Its answer is "handling_of": the ids of other heads. */
        nv = 0;
        for (size_t k = 0; k < r->nheads; k++)
            if ((int)k != x->head) {
                char num[24];
                const char *v = verdict_head_name(r, k, num);
                vals[nv] = v == num ? arena_strdup(&m->mem, num) : v;
                if (!vals[nv++]) return REMIT_ENOMEM;
            }
        q->type = "set";
    } else {
        for (size_t k = 0; k < f->nvalues; k++) vals[k] = f->values[k].value;
    }
    q->fact = f->name;
    q->pointer = ptr;
    q->question = f->question;
    q->help = f->help;
    q->value_count = nv;
    q->values = vals;
    return REMIT_OK;
}

const char *remit_result_json(remit_result *r, unsigned flags)
{
    return r ? output_json(r, flags) : NULL;
}

const char *remit_result_text(remit_result *r, unsigned width, unsigned flags)
{
    return r ? output_text(r, width ? width : 80, flags) : NULL;
}

/* ---- Why a question is asked ---------------------------------------------- */

/* Calls fn for each distinct rule that blocks a head on question i's fact,
 * strongest outcome first; stops when fn returns false. */
static size_t question_rules(const remit_result *r, size_t i,
                             bool (*fn)(void *ctx, const rule_def *rule),
                             void *ctx)
{
    if (!r || i >= r->nquestions || r->selecting) return 0;
    const question_item *q = &r->questions[i];
    const rsfile *f = r->f;
    size_t n = 0;
    for (int o = -1; o < (int)f->noutcomes; o++)
        for (size_t k = 0; k < f->nrules; k++) {
            if (f->rules[k].outcome != o) continue;
            bool hangs = false;
            for (size_t hi = 0; hi < r->nheads && !hangs; hi++) {
                if (q->head >= 0 && (size_t)q->head != hi) continue;
                const head_result *h = &r->heads[hi];
                hangs = verdict_blocks(r, h, k) && h->deps[k] &&
                        factset_has(h->deps[k], q->slot);
            }
            if (!hangs) continue;
            n++;
            if (fn && !fn(ctx, &f->rules[k])) return n;
        }
    return n;
}

size_t remit_result_question_rule_count(const remit_result *r, size_t i)
{
    return question_rules(r, i, NULL, NULL);
}

typedef struct nth_rule {
    size_t want, seen;
    const rule_def *found;
} nth_rule;

static bool take_nth(void *ctx, const rule_def *rule)
{
    nth_rule *t = ctx;
    if (t->seen++ == t->want) {
        t->found = rule;
        return false;
    }
    return true;
}

remit_status remit_result_get_question_rule(const remit_result *r, size_t i,
                                            size_t k, remit_rule_ref *out)
{
    if (!out) return REMIT_EINVAL;
    nth_rule t = {k, 0, NULL};
    question_rules(r, i, take_nth, &t);
    if (!t.found) return REMIT_EINVAL;
    out->id = t.found->id;
    out->title = t.found->title;
    out->outcome = t.found->outcome >= 0 ? r->f->outcomes[t.found->outcome].id
                                         : "note";
    out->discretionary = t.found->discretionary;
    return REMIT_OK;
}

/* ---- Presumptions to confirm ------------------------------------------------ */

/* Finds presumption i: its slot and head (-1 for a complaint fact). */
static bool nth_presumed(const remit_result *r, size_t i, unsigned *slot,
                         int *head)
{
    if (!r || !r->f || !r->cvals) return false;
    const rsfile *f = r->f;
    size_t seen = 0;
    for (unsigned k = 0; k < f->nfacts; k++)
        if (f->facts[k].scope == SCOPE_COMPLAINT && r->cvals[k].presumed &&
            whatif_presumption_matters(r, k, -1) && seen++ == i) {
            *slot = k;
            *head = -1;
            return true;
        }
    for (size_t hi = 0; hi < r->nheads; hi++)
        for (unsigned k = 0; k < f->nfacts; k++)
            if (f->facts[k].scope == SCOPE_HEAD && r->heads[hi].vals[k].presumed &&
                whatif_presumption_matters(r, k, (int)hi) && seen++ == i) {
                *slot = k;
                *head = (int)hi;
                return true;
            }
    return false;
}

size_t remit_result_presumed_count(const remit_result *r)
{
    size_t n = 0;
    unsigned slot;
    int head;
    while (nth_presumed(r, n, &slot, &head)) n++;
    return n;
}

remit_status remit_result_get_presumed(const remit_result *r, size_t i,
                                       remit_question *q, const char **value_out)
{
    unsigned slot;
    int head;
    if (!q || !value_out || !nth_presumed(r, i, &slot, &head)) return REMIT_EINVAL;
    const fact_def *f = &r->f->facts[slot];
    remit_result *m = (remit_result *)r; /* the strings live in its arena */
    buf b;
    buf_init(&b, &m->mem);
    ruleset_pointer(&b, f, head);
    const char *p = buf_cstr(&b);
    char *ptr = p ? arena_strdup(&m->mem, p) : NULL;
    b.len = 0;
    const value *v = head >= 0 ? &r->heads[head].vals[slot] : &r->cvals[slot];
    output_value_json(&b, f, v);
    const char *vs = buf_cstr(&b);
    char *val = vs ? arena_strdup(&m->mem, vs) : NULL;
    buf_free(&b);
    if (!ptr || !val) return REMIT_ENOMEM;
    q->fact = f->name;
    q->pointer = ptr;
    q->question = f->question;
    q->help = f->help;
    q->type = fact_type_name(f->type);
    q->value_count = f->nvalues;
    q->values = f->value_ids;
    *value_out = val;
    return REMIT_OK;
}
