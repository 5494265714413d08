/* SPDX-License-Identifier: Apache-2.0 */
/*
 * yamlpos.c -- a libyaml event walk that tracks the path of every node, to
 * give line:column to problems found after libcyaml has loaded the data.
 * Consumes a rule file's text and a path in it; produces positions (the
 * error path only, and the one check for escaped control characters).
 */
#include "yamlpos.h"

#include <stdio.h>
#include <string.h>
#include <yaml.h>

#define MAX_DEPTH 64

typedef struct frame {
    bool is_map;
    bool want_key; /* map: next scalar is a key */
    bool is_key;   /* this collection is itself a mapping key */
    size_t index;  /* seq: index of the next item */
    char key[128]; /* map: current key */
    unsigned key_line, key_col;
} frame;

/* Builds the current path of the node about to start into out. */
static void cur_path(const frame *st, int depth, char *out, size_t size)
{
    size_t at = 0;
    out[0] = '\0';
    for (int i = 0; i <= depth && at < size; i++) {
        int w;
        if (st[i].is_map)
            w = snprintf(out + at, size - at, "%s%s", at ? "/" : "", st[i].key);
        else
            w = snprintf(out + at, size - at, "%s%zu", at ? "/" : "",
                         st[i].index);
        if (w < 0) return;
        at += (size_t)w;
    }
}

/* The byte offset of a libyaml mark: its index counts characters, not
 * bytes, so a multi-byte character earlier in the file would shift it. */
static size_t mark_byte(const char *text, size_t len, const yaml_mark_t *m)
{
    size_t at = 0;
    for (size_t l = 0; l < m->line && at < len; at++)
        if (text[at] == '\n') l++;
    for (size_t c = 0; c < m->column && at < len && text[at] != '\n'; c++) {
        at++;
        while (at < len && ((unsigned char)text[at] & 0xC0u) == 0x80u) at++;
    }
    return at;
}

/* The walk behind yamlpos_find; with `last`, keeps going and returns the
 * last key matching the path (a key given twice). */
static yaml_where find(const char *text, size_t len, const char *path,
                       bool want_key, bool last);

yaml_where yamlpos_find(const char *text, size_t len, const char *path,
                        bool want_key)
{
    return find(text, len, path, want_key, false);
}

yaml_where yamlpos_find_last_key(const char *text, size_t len,
                                 const char *path)
{
    return find(text, len, path, true, true);
}

static yaml_where find(const char *text, size_t len, const char *path,
                       bool want_key, bool last)
{
    yaml_where w;
    memset(&w, 0, sizeof w);
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) return w;
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    frame st[MAX_DEPTH];
    int depth = -1;
    char p[1024];
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) break;
        yaml_event_type_t t = ev.type;
        bool is_node = t == YAML_SCALAR_EVENT || t == YAML_MAPPING_START_EVENT ||
                       t == YAML_SEQUENCE_START_EVENT || t == YAML_ALIAS_EVENT;
        bool done = t == YAML_STREAM_END_EVENT;
        if (is_node && depth >= 0 && st[depth].is_map && st[depth].want_key &&
            (t == YAML_MAPPING_START_EVENT || t == YAML_SEQUENCE_START_EVENT)) {
            /* A mapping or list used as a key ("{[a]: b}"): walked as a
             * frame of its own, after which the key's value comes.  It was
             * taken for a scalar key, so its end popped one frame too many
             * (found by fuzz_load: an index of -1 into the frames). */
            st[depth].key[0] = '\0';
            st[depth].want_key = false;
            if (depth + 1 >= MAX_DEPTH) {
                yaml_event_delete(&ev);
                break;
            }
            depth++;
            memset(&st[depth], 0, sizeof st[depth]);
            st[depth].is_map = t == YAML_MAPPING_START_EVENT;
            st[depth].want_key = st[depth].is_map;
            st[depth].is_key = true;
            yaml_event_delete(&ev);
            continue;
        }
        if (is_node && depth >= 0 && st[depth].is_map && st[depth].want_key) {
            /* A mapping key. */
            if (t == YAML_SCALAR_EVENT) {
                size_t l = ev.data.scalar.length;
                if (l >= sizeof st[depth].key) l = sizeof st[depth].key - 1;
                memcpy(st[depth].key, ev.data.scalar.value, l);
                st[depth].key[l] = '\0';
            } else {
                st[depth].key[0] = '\0';
            }
            st[depth].key_line = (unsigned)ev.start_mark.line + 1;
            st[depth].key_col = (unsigned)ev.start_mark.column + 1;
            st[depth].want_key = false;
            if (want_key) {
                cur_path(st, depth, p, sizeof p);
                if (strcmp(p, path) == 0) {
                    w.found = true;
                    w.line = st[depth].key_line;
                    w.column = st[depth].key_col;
                    w.start = mark_byte(text, len, &ev.start_mark);
                    w.end = mark_byte(text, len, &ev.end_mark);
                    if (!last) {
                        yaml_event_delete(&ev);
                        break;
                    }
                }
            }
            yaml_event_delete(&ev);
            continue;
        }
        if (is_node) {
            if (depth >= 0) {
                cur_path(st, depth, p, sizeof p);
                if (!want_key && strcmp(p, path) == 0) {
                    w.found = true;
                    w.line = (unsigned)ev.start_mark.line + 1;
                    w.column = (unsigned)ev.start_mark.column + 1;
                    w.start = mark_byte(text, len, &ev.start_mark);
                    w.end = mark_byte(text, len, &ev.end_mark);
                    if (t == YAML_SCALAR_EVENT) w.style = (int)ev.data.scalar.style;
                    w.kind = t == YAML_SEQUENCE_START_EVENT ? 1
                             : t == YAML_MAPPING_START_EVENT ? 2 : 0;
                    yaml_event_delete(&ev);
                    break;
                }
            } else if (!want_key && path[0] == '\0') {
                w.found = true;
                w.line = (unsigned)ev.start_mark.line + 1;
                w.column = (unsigned)ev.start_mark.column + 1;
                yaml_event_delete(&ev);
                break;
            }
            if (t == YAML_MAPPING_START_EVENT || t == YAML_SEQUENCE_START_EVENT) {
                if (depth + 1 >= MAX_DEPTH) {
                    yaml_event_delete(&ev);
                    break;
                }
                depth++;
                memset(&st[depth], 0, sizeof st[depth]);
                st[depth].is_map = t == YAML_MAPPING_START_EVENT;
                st[depth].want_key = st[depth].is_map;
            } else if (depth >= 0) {
                /* A scalar or alias value completed. */
                if (st[depth].is_map) st[depth].want_key = true;
                else st[depth].index++;
            }
        } else if ((t == YAML_MAPPING_END_EVENT || t == YAML_SEQUENCE_END_EVENT) &&
                   depth >= 0) {
            bool was_key = st[depth].is_key;
            depth--;
            if (depth >= 0 && !was_key) {
                if (st[depth].is_map) st[depth].want_key = true;
                else st[depth].index++;
            }
        }
        yaml_event_delete(&ev);
        if (done) break;
    }
    yaml_parser_delete(&parser);
    return w;
}

void yamlpos_offset(const char *text, size_t len, const yaml_where *w,
                    const char *scalar, size_t offset, unsigned *line,
                    unsigned *column)
{
    size_t j = w->start;
    if (j < len && (text[j] == '"' || text[j] == '\'')) {
        j++;
    } else if (j < len && (text[j] == '|' || text[j] == '>')) {
        /* Block scalar: content starts after the header line. */
        while (j < len && text[j] != '\n') j++;
        if (j < len) j++;
    }
    /* Align the loaded value with the source: equal bytes advance both;
     * whitespace that differs (folding, indentation) is skipped. */
    size_t i = 0, vlen = strlen(scalar);
    while (i < offset && i < vlen && j < len) {
        if (scalar[i] == text[j]) {
            i++;
            j++;
        } else if (text[j] == ' ' || text[j] == '\t' || text[j] == '\n' ||
                   text[j] == '\r') {
            j++;
        } else if (scalar[i] == ' ' || scalar[i] == '\n') {
            i++;
        } else {
            i++;
            j++;
        }
    }
    while (j < len && (text[j] == ' ' || text[j] == '\n' || text[j] == '\r') &&
           i < vlen && scalar[i] != text[j])
        j++;
    unsigned l = 1, c = 1;
    for (size_t k = 0; k < j && k < len; k++) {
        if (text[k] == '\n') {
            l++;
            c = 1;
        } else {
            c++;
        }
    }
    *line = l;
    *column = c;
}

const char *yamlpos_line(const char *text, size_t len, unsigned line)
{
    unsigned l = 1;
    size_t k = 0;
    while (l < line && k < len) {
        if (text[k] == '\n') l++;
        k++;
    }
    return l == line && k <= len ? text + k : NULL;
}

void yamlpos_syntax(const char *text, size_t len, char *msg, size_t size,
                    unsigned *line, unsigned *column)
{
    yaml_parser_t parser;
    *line = *column = 0;
    snprintf(msg, size, "YAML syntax error");
    if (!yaml_parser_initialize(&parser)) return;
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            *line = (unsigned)parser.problem_mark.line + 1;
            *column = (unsigned)parser.problem_mark.column + 1;
            if (parser.error == YAML_READER_ERROR) {
                /* Bad UTF-8 or a control character: libyaml's reader gives
                 * a byte offset, not a mark (which would say 1:1). */
                size_t at = parser.problem_offset < len ? parser.problem_offset
                                                        : len;
                unsigned l = 1, c = 1;
                for (size_t k = 0; k < at; k++) {
                    if (text[k] == '\n') l = 1 + l, c = 1;
                    else if (((unsigned char)text[k] & 0xc0) != 0x80) c++;
                }
                *line = l;
                *column = c;
                snprintf(msg, size, "YAML syntax: %s (0x%02x)",
                         parser.problem ? parser.problem : "error",
                         (unsigned)parser.problem_value);
                break;
            }
            if (parser.context)
                snprintf(msg, size, "YAML syntax: %s %s",
                         parser.problem ? parser.problem : "error",
                         parser.context);
            else
                snprintf(msg, size, "YAML syntax: %s",
                         parser.problem ? parser.problem : "error");
            break;
        }
        bool done = ev.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&ev);
        if (done) break;
    }
    yaml_parser_delete(&parser);
}

/* The first character of s[0..n) that is a control character other than
 * tab and line feed (C0, DEL, C1), or -1. */
static long control_in(const unsigned char *s, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        if ((s[k] < 0x20 && s[k] != '\t' && s[k] != '\n') || s[k] == 0x7f)
            return s[k];
        if (s[k] == 0xc2 && k + 1 < n && s[k + 1] >= 0x80 && s[k + 1] <= 0x9f)
            return s[k + 1];
    }
    return -1;
}

bool yamlpos_may_have_control(const char *text, size_t len)
{
    for (const char *p = text, *e = text + len;
         (p = memchr(p, '\\', (size_t)(e - p))) != NULL && p + 1 < e; p += 2)
        if (strchr("0abvfrexuUN", p[1]) && p[1]) return true;
    return false;
}

bool yamlpos_control(const char *text, size_t len, unsigned *line,
                     unsigned *column, long *cp)
{
    yaml_parser_t parser;
    bool found = false;
    if (!yaml_parser_initialize(&parser)) return false;
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) break;
        bool done = ev.type == YAML_STREAM_END_EVENT;
        if (ev.type == YAML_SCALAR_EVENT) {
            long c = control_in(ev.data.scalar.value, ev.data.scalar.length);
            if (c >= 0) {
                *line = (unsigned)ev.start_mark.line + 1;
                *column = (unsigned)ev.start_mark.column + 1;
                *cp = c;
                found = done = true;
            }
        }
        yaml_event_delete(&ev);
        if (done) break;
    }
    yaml_parser_delete(&parser);
    return found;
}
