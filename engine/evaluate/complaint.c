/* SPDX-License-Identifier: Apache-2.0 */
/*
 * complaint.c -- the complaint JSON adapter: the only file that includes
 * cJSON.  Consumes the complaint text; reads it in one strict pass that
 * checks its syntax and builds its tree (cJSON's node type, in an arena),
 * checks the tree's shape and reads each declared fact into a value slot
 * (absent or null: unknown), reporting problems with the JSON pointer of
 * the member at fault.  The tree never leaves this file.
 */
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "date.h"
#include "result.h"

struct complaint_doc {
    arena mem;          /* the tree and this struct */
    cJSON *root;
    const cJSON *heads; /* array or NULL */
    const char *name;
};

static const char *utf8_check(const char *s, size_t n, long *ctl_out);

/* Line and column (1-based) of byte offset `at` in text. */
static void line_col(const char *text, size_t at, unsigned *line, unsigned *col)
{
    unsigned l = 1, c = 1;
    for (size_t k = 0; k < at; k++) {
        if (text[k] == '\n') {
            l++;
            c = 1;
        } else if (((unsigned char)text[k] & 0xc0) != 0x80) {
            c++;
        }
    }
    *line = l;
    *col = c;
}

static void json_error(remit_diagnostics *d, const char *name, const char *text,
                       size_t len, size_t at, const char *code, const char *what)
{
    unsigned line, col;
    if (at > len) at = len;
    line_col(text, at, &line, &col);
    diag_pos pos = {name, line, col, NULL, NULL};
    /* The offending line, for the caret; only if it is printable text (no
     * control characters, valid UTF-8), so a message never carries bytes
     * that could upset a terminal. */
    size_t ls = at;
    while (ls > 0 && text[ls - 1] != '\n') ls--;
    char shown[200];
    size_t n = 0;
    bool printable = true;
    while (ls + n < len && text[ls + n] != '\n' && text[ls + n] != '\0' &&
           n < sizeof shown - 1) {
        unsigned char ch = (unsigned char)text[ls + n];
        if ((ch < 0x20 && ch != '\t' && ch != '\r') || ch == 0x7f)
            printable = false;
        shown[n] = text[ls + n];
        n++;
    }
    /* Do not cut a UTF-8 sequence at the end of what is shown. */
    while (n > 0 && ((unsigned char)shown[n - 1] & 0xc0) == 0x80) n--;
    if (n > 0 && ((unsigned char)shown[n - 1] & 0xc0) == 0xc0) n--;
    shown[n] = '\0';
    if (utf8_check(shown, n, NULL) != NULL) printable = false;
    pos.source_line = n && printable ? shown : NULL;
    diag_add(d, REMIT_EINPUT, REMIT_SEVERITY_ERROR, code, &pos, "%s", what);
}

static const char *json_kind(const cJSON *j)
{
    if (cJSON_IsNull(j)) return "null";
    if (cJSON_IsBool(j)) return j->type & cJSON_True ? "true" : "false";
    if (cJSON_IsNumber(j)) return "a number";
    if (cJSON_IsString(j)) return "a string";
    if (cJSON_IsArray(j)) return "an array";
    if (cJSON_IsObject(j)) return "an object";
    return "an invalid value";
}

/* Appends a pointer token, escaped per RFC 6901.  Control characters never
 * reach here (check_strings rejects them first). */
static void ptr_token(buf *b, const char *s)
{
    buf_putc(b, '/');
    for (; *s; s++) {
        if (*s == '~') buf_add(b, "~0", 2);
        else if (*s == '/') buf_add(b, "~1", 2);
        else buf_putc(b, *s);
    }
}

/* ---- JSON syntax, and the tree ---------------------------------------------
 *
 * The text is read here in one pass, strictly (RFC 8259), and the same pass
 * builds the tree: cJSON's node type (so the reading below uses cJSON's
 * accessors), allocated in the document's arena through the caller's
 * allocator.  cJSON's own parser is not used.  Reading the text once halves
 * the work per complaint (cJSON's parse, a malloc and free per node and
 * string, cost more than this whole pass), gives every syntax error our own
 * message and exact position (cJSON reports only a pointer, sometimes one
 * character late), applies the nesting limit before any recursion (cJSON's
 * own limit is 1000 and its message would read as a syntax error), refuses
 * \u0000 (a NUL would cut a string short: "police\u0000x" would read as
 * "police"), and leaves no process-wide state: cJSON 1.7 writes a global
 * error record on every parse, which threads evaluating at once would race
 * on.  Strings are decoded as cJSON decodes them (escapes, surrogate pairs
 * to UTF-8) and numbers converted as cJSON converts them (strtod, with the
 * locale's decimal point), so the tree is the one cJSON would build.
 */

typedef struct jscan {
    const char *s;
    size_t len, at;
    arena *mem;       /* where the tree is built */
    bool oom;         /* an allocation failed (no message) */
    const char *code; /* the diagnostic code of the error */
    char msg[160];    /* the error; "" while none */
    size_t err_at;    /* its byte offset */
    /* Some string holds a byte above 0x7e or an escape other than \" \\
     * \/: only then can check_strings find a string that is not valid
     * UTF-8 or a control character (in a name, even \t \n \r), so only
     * then is it run. */
    bool strings_to_check;
} jscan;

REMIT_PRINTF(4, 5)
static bool scan_fail(jscan *j, size_t at, const char *code, const char *fmt,
                      ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(j->msg, sizeof j->msg, fmt, ap);
    va_end(ap);
    j->code = code;
    j->err_at = at;
    return false;
}

/* The text ends where a value, or the rest of one, was expected. */
static bool scan_cut(jscan *j)
{
    return scan_fail(j, j->len, "json-syntax",
                     "invalid JSON: the text ends before the JSON value is "
                     "complete");
}

/* An unexpected character at j->at (which is before the end). */
static bool scan_unexpected(jscan *j, const char *after)
{
    unsigned char ch = (unsigned char)j->s[j->at];
    if (ch == '\'')
        return scan_fail(j, j->at, "json-syntax",
                         "invalid JSON: unexpected \"'\" (JSON strings and "
                         "names are in double quotes)");
    if (ch >= 0x20 && ch < 0x7f)
        return scan_fail(j, j->at, "json-syntax",
                         "invalid JSON: unexpected '%c'%s", ch, after);
    return scan_fail(j, j->at, "json-syntax",
                     "invalid JSON: unexpected byte 0x%02x%s", ch, after);
}

static void scan_ws(jscan *j)
{
    while (j->at < j->len && (j->s[j->at] == ' ' || j->s[j->at] == '\t' ||
                              j->s[j->at] == '\n' || j->s[j->at] == '\r'))
        j->at++;
}

/* 1 for the bytes a string's scan can pass over at once: printable ASCII
 * but '"' and '\\' (controls end the run for an error, bytes above 0x7e
 * for the UTF-8 check, quote and backslash for the grammar). */
static const unsigned char plain_byte[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,
};

/* A new node of the tree, zeroed; NULL (and j->oom) when out of memory. */
static cJSON *new_node(jscan *j)
{
    cJSON *n = arena_alloc(j->mem, sizeof *n);
    if (!n) j->oom = true;
    return n;
}

/*
 * The value of the string whose text (between the quotes, escapes included)
 * is s[0..n), checked by scan_string, NUL-terminated in the arena.  An
 * escape never takes more bytes than it stands for, so n + 1 bytes hold it.
 */
static char *decode_string(jscan *j, const char *s, size_t n, bool escaped)
{
    char *out = arena_alloc(j->mem, n + 1);
    if (!out) {
        j->oom = true;
        return NULL;
    }
    if (!escaped) {
        memcpy(out, s, n);
        return out;
    }
    char *d = out;
    for (size_t k = 0; k < n;) {
        if (s[k] != '\\') {
            *d++ = s[k++];
            continue;
        }
        char e = s[k + 1];
        k += 2;
        switch (e) {
        case 'b': *d++ = '\b'; break;
        case 'f': *d++ = '\f'; break;
        case 'n': *d++ = '\n'; break;
        case 'r': *d++ = '\r'; break;
        case 't': *d++ = '\t'; break;
        case 'u': {
            unsigned long cp = (unsigned long)hex4_value(s + k);
            k += 4;
            if (cp >= 0xd800 && cp <= 0xdbff) {
                /* scan_string saw its second half follow. */
                unsigned long lo = (unsigned long)hex4_value(s + k + 2);
                k += 6;
                cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
            }
            d = utf8_put(d, cp);
            break;
        }
        default: *d++ = e; /* " \ / */
        }
    }
    *d = '\0';
    return out;
}

/* string := '"' { char | escape } '"'.  j->at is at the opening quote.
 * With out, *out gets the string's value (NULL when out of memory). */
static bool scan_string(jscan *j, char **out)
{
    j->at++;
    size_t start = j->at;
    bool escaped = false;
    for (;;) {
        const unsigned char *p = (const unsigned char *)j->s + j->at;
        const unsigned char *end = (const unsigned char *)j->s + j->len;
        while (end - p >= 4 && plain_byte[p[0]] && plain_byte[p[1]] &&
               plain_byte[p[2]] && plain_byte[p[3]])
            p += 4;
        while (p < end && plain_byte[*p]) p++;
        j->at = (size_t)(p - (const unsigned char *)j->s);
        if (j->at >= j->len) return scan_cut(j);
        unsigned char ch = (unsigned char)j->s[j->at];
        if (ch == '"') {
            if (out) {
                *out = decode_string(j, j->s + start, j->at - start, escaped);
                if (!*out) return false;
            }
            j->at++;
            return true;
        }
        if (ch > 0x7e) j->strings_to_check = true;
        if (ch < 0x20) {
            char how[8];
            if (ch == '\t' || ch == '\n' || ch == '\r')
                snprintf(how, sizeof how, "\\%c",
                         ch == '\t' ? 't' : ch == '\n' ? 'n' : 'r');
            else
                snprintf(how, sizeof how, "\\u%04x", ch);
            return scan_fail(j, j->at, "json-syntax",
                             "invalid JSON: control character 0x%02x in a "
                             "string (write it as %s)", ch, how);
        }
        if (ch != '\\') {
            j->at++;
            continue;
        }
        size_t esc = j->at;
        escaped = true;
        if (j->at + 1 >= j->len) return scan_cut(j);
        char e = j->s[j->at + 1];
        /* Any escape but \" \\ \/ can make a control character, which
         * a member name may not hold (found by fuzz_evaluate: a name with
         * "\r" went unchecked and its pointer reached the terminal). */
        if (e != '"' && e != '\\' && e != '/') j->strings_to_check = true;
        if (strchr("\"\\/bfnrt", e) && e) {
            j->at += 2;
            continue;
        }
        if (e != 'u') {
            j->at++;
            return scan_unexpected(j, " after '\\' in a string (escapes are "
                                      "\\\" \\\\ \\/ \\b \\f \\n \\r \\t "
                                      "\\uXXXX)");
        }
        if (j->at + 6 > j->len) return scan_cut(j);
        int u = hex4_value(j->s + j->at + 2);
        if (u < 0)
            return scan_fail(j, esc, "json-syntax",
                             "invalid JSON: \\u must be followed by four "
                             "hexadecimal digits");
        j->at += 6;
        if (u == 0)
            return scan_fail(j, esc, "bad-string",
                             "\\u0000 (a NUL character) is not allowed in a "
                             "string");
        if (u >= 0xdc00 && u <= 0xdfff)
            return scan_fail(j, esc, "bad-string",
                             "\\u%04x is the second half of a UTF-16 "
                             "surrogate pair, without a first half", u);
        if (u >= 0xd800 && u <= 0xdbff) {
            int lo = -1;
            if (j->at + 6 <= j->len && j->s[j->at] == '\\' &&
                j->s[j->at + 1] == 'u')
                lo = hex4_value(j->s + j->at + 2);
            if (lo < 0xdc00 || lo > 0xdfff) {
                if (lo < 0 && j->at + 6 > j->len &&
                    (j->len - j->at < 2 ||
                     (j->s[j->at] == '\\' && j->s[j->at + 1] == 'u')))
                    return scan_cut(j);
                return scan_fail(j, esc, "bad-string",
                                 "\\u%04x is the first half of a UTF-16 "
                                 "surrogate pair, without a second half", u);
            }
            j->at += 6;
        }
    }
}

static bool is_digit(jscan *j)
{
    return j->at < j->len && j->s[j->at] >= '0' && j->s[j->at] <= '9';
}

/*
 * The number s[0..n) (checked by scan_number, at most
 * REMIT_MAX_JSON_NUMBER_BYTES long) into node v, as cJSON converts it:
 * strtod, with '.' given as the locale's decimal point, and valueint the
 * value saturated to int.  A whole number of up to 15 digits (most
 * numbers) is exact without strtod.
 */
static void set_number(cJSON *v, const char *s, size_t n)
{
    double d;
    size_t k = s[0] == '-';
    bool plain = n - k <= 15;
    for (size_t m = k; m < n && plain; m++) plain = s[m] >= '0' && s[m] <= '9';
    if (plain) {
        int64_t x = 0;
        for (size_t m = k; m < n; m++) x = x * 10 + (s[m] - '0');
        d = (double)(k ? -x : x);
    } else {
        char t[REMIT_MAX_JSON_NUMBER_BYTES + 1];
        char point = localeconv()->decimal_point[0];
        for (size_t m = 0; m < n; m++) t[m] = s[m] == '.' ? point : s[m];
        t[n] = '\0';
        d = strtod(t, NULL);
    }
    v->type = cJSON_Number;
    v->valuedouble = d;
    v->valueint = d >= INT_MAX ? INT_MAX : d <= (double)INT_MIN ? INT_MIN : (int)d;
}

/* number := [ "-" ] ( "0" | 1-9 { digit } ) [ "." digit { digit } ]
 *           [ ( "e" | "E" ) [ "+" | "-" ] digit { digit } ]
 * With out, the number goes into node out. */
static bool scan_number(jscan *j, cJSON *out)
{
    size_t start = j->at;
    if (j->s[j->at] == '-') j->at++;
    if (j->at >= j->len) return scan_cut(j);
    if (!is_digit(j)) return scan_unexpected(j, " after '-'");
    if (j->s[j->at] == '0') {
        j->at++;
        if (is_digit(j))
            return scan_fail(j, start, "json-syntax",
                             "invalid JSON: a number may not start with 0 "
                             "followed by more digits");
    } else {
        while (is_digit(j)) j->at++;
    }
    if (j->at < j->len && j->s[j->at] == '.') {
        j->at++;
        if (j->at >= j->len) return scan_cut(j);
        if (!is_digit(j)) return scan_unexpected(j, " after '.' in a number");
        while (is_digit(j)) j->at++;
    }
    if (j->at < j->len && (j->s[j->at] == 'e' || j->s[j->at] == 'E')) {
        j->at++;
        if (j->at < j->len && (j->s[j->at] == '+' || j->s[j->at] == '-'))
            j->at++;
        if (j->at >= j->len) return scan_cut(j);
        if (!is_digit(j))
            return scan_unexpected(j, " in the exponent of a number");
        while (is_digit(j)) j->at++;
    }
    if (j->at - start > REMIT_MAX_JSON_NUMBER_BYTES)
        return scan_fail(j, start, "too-large",
                         "number too long (%zu characters; the limit is %u)",
                         j->at - start, REMIT_MAX_JSON_NUMBER_BYTES);
    if (out) set_number(out, j->s + start, j->at - start);
    return true;
}

/* value := object | array | string | number | "true" | "false" | "null"
 * object := "{" [ string ":" value { "," string ":" value } ] "}"
 * array := "[" [ value { "," value } ] "]"
 * `depth` is the number of containers around this value; recursion stops at
 * REMIT_MAX_JSON_DEPTH.  j->at is at the value (whitespace skipped).  The
 * value goes into node v (zeroed): its type and value, its items as the
 * list of its children (`prev` of the first child is the last, as cJSON
 * links them). */
static bool scan_value(jscan *j, unsigned depth, cJSON *v)
{
    if (j->at >= j->len) return scan_cut(j);
    char c = j->s[j->at];
    if (c == '{' || c == '[') {
        char close = c == '{' ? '}' : ']';
        if (depth == REMIT_MAX_JSON_DEPTH)
            return scan_fail(j, j->at, "json-too-deep",
                             "complaint nested more than %u levels deep",
                             REMIT_MAX_JSON_DEPTH);
        v->type = c == '{' ? cJSON_Object : cJSON_Array;
        j->at++;
        scan_ws(j);
        if (j->at >= j->len) return scan_cut(j);
        if (j->s[j->at] == close) {
            j->at++;
            return true;
        }
        cJSON *last = NULL;
        for (;;) {
            cJSON *item = new_node(j);
            if (!item) return false;
            if (last) {
                last->next = item;
                item->prev = last;
            } else {
                v->child = item;
            }
            last = item;
            v->child->prev = last;
            if (c == '{') {
                if (j->at >= j->len) return scan_cut(j);
                if (j->s[j->at] != '"')
                    return scan_unexpected(j, " where a member name (a string "
                                              "in double quotes) was "
                                              "expected");
                if (!scan_string(j, &item->string)) return false;
                scan_ws(j);
                if (j->at >= j->len) return scan_cut(j);
                if (j->s[j->at] != ':')
                    return scan_unexpected(j, " where ':' was expected");
                j->at++;
                scan_ws(j);
            }
            if (!scan_value(j, depth + 1, item)) return false;
            scan_ws(j);
            if (j->at >= j->len) return scan_cut(j);
            if (j->s[j->at] == close) {
                j->at++;
                return true;
            }
            if (j->s[j->at] != ',')
                return scan_unexpected(j, c == '{' ? " where ',' or '}' was "
                                                     "expected"
                                                   : " where ',' or ']' was "
                                                     "expected");
            j->at++;
            scan_ws(j);
            if (j->at < j->len && j->s[j->at] == close)
                return scan_unexpected(j, ""); /* a trailing comma */
        }
    }
    if (c == '"') {
        v->type = cJSON_String;
        return scan_string(j, &v->valuestring);
    }
    if (c == '-' || (c >= '0' && c <= '9')) return scan_number(j, v);
    static const char *const words[] = {"true", "false", "null"};
    static const int types[] = {cJSON_True, cJSON_False, cJSON_NULL};
    for (size_t k = 0; k < 3; k++)
        if (c == words[k][0]) {
            size_t n = strlen(words[k]);
            size_t m = 0;
            while (m < n && j->at + m < j->len && j->s[j->at + m] == words[k][m])
                m++;
            if (m == n) {
                j->at += n;
                v->type = types[k];
                v->valueint = k == 0;
                return true;
            }
            if (j->at + m == j->len) return scan_cut(j);
            return scan_unexpected(j, "");
        }
    return scan_unexpected(j, "");
}

/* ---- Strings: UTF-8 and control characters ---------------------------------
 *
 * Every string value and member name must be valid UTF-8 (no overlong
 * forms, no surrogates, nothing above U+10FFFF) and hold no control
 * character but tab and line ends (\n, \r\n): complaint text is shown
 * to people, in terminals among other places, and an escape character
 * (\u001b) in a summary or an enum value would be sent to them as is.
 */

/* NULL if s[0..n) is valid UTF-8; else the first bad byte.  *cp_out, if
 * given, gets the first code point that is a control character other than
 * tab, LF and CR (C0, DEL or C1), or -1. */
static const char *utf8_check(const char *s, size_t n, long *ctl_out)
{
    const unsigned char *p = (const unsigned char *)s, *e = p + n;
    if (ctl_out) *ctl_out = -1;
    while (p < e) {
        unsigned char c = *p;
        long cp;
        size_t k;
        if (c < 0x80) {
            cp = c;
            k = 1;
        } else if (c >= 0xc2 && c <= 0xdf) {
            cp = c & 0x1f;
            k = 2;
        } else if (c >= 0xe0 && c <= 0xef) {
            cp = c & 0x0f;
            k = 3;
        } else if (c >= 0xf0 && c <= 0xf4) {
            cp = c & 0x07;
            k = 4;
        } else {
            return (const char *)p;
        }
        if ((size_t)(e - p) < k) return (const char *)p;
        for (size_t m = 1; m < k; m++) {
            if ((p[m] & 0xc0) != 0x80) return (const char *)p;
            cp = (cp << 6) | (p[m] & 0x3f);
        }
        if ((k == 3 && cp < 0x800) || (k == 4 && cp < 0x10000) ||
            (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
            return (const char *)p;
        /* A carriage return only as part of CR LF: alone it sends a
         * terminal back to the start of the line, over what was written
         * (found by fuzz_evaluate, in a summary shown by the text). */
        if (ctl_out && *ctl_out < 0 &&
            ((cp < 0x20 && cp != '\t' && cp != '\n' &&
              !(cp == '\r' && p + 1 < e && p[1] == '\n')) ||
             (cp >= 0x7f && cp <= 0x9f)))
            *ctl_out = cp;
        p += k;
    }
    return NULL;
}

/* Writes s for a message: in double quotes, cut after `max` characters
 * (never inside a character), with quotes, backslashes and any control
 * character escaped as in JSON and any byte that is not UTF-8 as \xNN. */
static void quoted(const char *s, size_t max, char *out, size_t size)
{
    size_t o = 0, chars = 0;
    const char *p = s;
#define PUT(c) (o + 1 < size ? (void)(out[o++] = (c)) : (void)0)
    PUT('"');
    while (*p && o + 12 < size) {
        unsigned char c = (unsigned char)*p;
        if (chars == max) {
            PUT('.'), PUT('.'), PUT('.');
            break;
        }
        size_t k = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
        size_t avail = strnlen(p, k);
        if (c >= 0x80 && (avail < k || utf8_check(p, k, NULL))) {
            o += (size_t)snprintf(out + o, size - o, "\\x%02x", c);
            p++;
        } else if (c < 0x20 || c == 0x7f) {
            o += (size_t)snprintf(out + o, size - o, "\\u%04x", c);
            p++;
        } else if (c == '"' || c == '\\') {
            PUT('\\');
            PUT((char)c);
            p++;
        } else {
            for (size_t m = 0; m < k; m++) PUT(p[m]);
            p += k;
        }
        chars++;
    }
    PUT('"');
    out[o < size ? o : size - 1] = '\0';
#undef PUT
}

/* Checks every string and member name under j (pointer in ptr).  Reports
 * each bad one; false if any. */
static bool check_strings(const cJSON *j, buf *ptr, const char *name,
                          remit_diagnostics *d)
{
    bool ok = true;
    if (cJSON_IsString(j) && j->valuestring) {
        long ctl;
        const char *s = j->valuestring;
        const char *bad = utf8_check(s, strlen(s), &ctl);
        diag_pos p = {name, 0, 0, buf_cstr(ptr), NULL};
        if (bad) {
            char q[200];
            quoted(s, 60, q, sizeof q);
            diag_add(d, REMIT_EINPUT, REMIT_SEVERITY_ERROR, "bad-string", &p,
                     "not valid UTF-8: byte 0x%02x at offset %zu of %s",
                     (unsigned char)*bad, (size_t)(bad - s), q);
            ok = false;
        } else if (ctl == '\r') {
            diag_add(d, REMIT_EINPUT, REMIT_SEVERITY_ERROR, "bad-string", &p,
                     "a carriage return without a line feed in a string "
                     "(end a line with \\n or \\r\\n)");
            ok = false;
        } else if (ctl >= 0) {
            diag_add(d, REMIT_EINPUT, REMIT_SEVERITY_ERROR, "bad-string", &p,
                     "control character U+%04lX in a string (only tab and "
                     "line ends are allowed)", ctl);
            ok = false;
        }
        return ok;
    }
    size_t base = ptr->len;
    int i = 0;
    for (const cJSON *c = j->child; c; c = c->next, i++) {
        ptr->len = base;
        if (c->string) {
            long ctl;
            const char *bad = utf8_check(c->string, strlen(c->string), &ctl);
            /* A name is no text: not even tab, line feed or carriage
             * return, which would end up raw in a JSON pointer. */
            if (ctl < 0)
                for (const char *q = c->string; *q && ctl < 0; q++)
                    if (*q == '\t' || *q == '\n' || *q == '\r') ctl = *q;
            if (bad || ctl >= 0) {
                char q[200];
                quoted(c->string, 60, q, sizeof q);
                diag_pos p = {name, 0, 0, buf_cstr(ptr), NULL};
                if (bad)
                    diag_add(d, REMIT_EINPUT, REMIT_SEVERITY_ERROR,
                             "bad-string", &p,
                             "member name %s is not valid UTF-8 (byte 0x%02x "
                             "at offset %zu)",
                             q, (unsigned char)*bad,
                             (size_t)(bad - c->string));
                else
                    diag_add(d, REMIT_EINPUT, REMIT_SEVERITY_ERROR,
                             "bad-string", &p,
                             "member name %s holds control character "
                             "U+%04lX",
                             q, ctl);
                ok = false;
                continue;
            }
            ptr_token(ptr, c->string);
        } else {
            buf_printf(ptr, "/%d", i);
        }
        if (!check_strings(c, ptr, name, d)) ok = false;
    }
    ptr->len = base;
    return ok;
}

/* An item of an object, for sorting member names. */
typedef struct member_ref {
    const char *name;
    size_t index;
} member_ref;

static int cmp_member(const void *a, const void *b)
{
    const member_ref *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    if (c) return c;
    return x->index < y->index ? -1 : x->index > y->index;
}

static int cmp_index(const void *a, const void *b)
{
    const member_ref *x = a, *y = b;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* False when obj has no two members of the same name, found cheaply for
 * a few members (as every complaint and head has): each compared with
 * those before it, without allocating or sorting.  True when it may have
 * (then check_duplicates finds and reports them). */
static bool may_repeat(const cJSON *obj)
{
    size_t n = 0;
    for (const cJSON *c = obj->child; c; c = c->next)
        if (++n > 32) return true;
    if (n < 2) return false;
    for (const cJSON *c = obj->child->next; c; c = c->next) {
        const char *cn = c->string ? c->string : "";
        for (const cJSON *e = obj->child; e != c; e = e->next) {
            const char *en = e->string ? e->string : "";
            if (en[0] == cn[0] && strcmp(en, cn) == 0) return true;
        }
    }
    return false;
}

/* Reports every member of obj whose name an earlier member already has.
 * Sorting the names keeps this O(n log n): a pairwise check took minutes on
 * an object of a few hundred thousand members.  *oom on a failed
 * allocation. */
static bool check_duplicates(const cJSON *obj, const char *prefix, buf *tmp,
                             arena *a, const char *name, remit_diagnostics *d,
                             bool *oom)
{
    size_t n = 0;
    for (const cJSON *c = obj->child; c; c = c->next) n++;
    if (n < 2) return true;
    member_ref *m = arena_raw_alloc(a, n * sizeof *m);
    if (!m) {
        *oom = true;
        return false;
    }
    size_t k = 0;
    for (const cJSON *c = obj->child; c; c = c->next, k++)
        m[k] = (member_ref){c->string ? c->string : "", k};
    qsort(m, n, sizeof *m, cmp_member);
    /* Keep the repeats (each name after its first), in document order. */
    size_t nd = 0;
    for (k = 1; k < n; k++)
        if (strcmp(m[k].name, m[k - 1].name) == 0) m[nd++] = m[k];
    qsort(m, nd, sizeof *m, cmp_index);
    for (k = 0; k < nd; k++) {
        tmp->len = 0;
        buf_puts(tmp, prefix);
        ptr_token(tmp, m[k].name);
        char q[200];
        quoted(m[k].name, 60, q, sizeof q);
        diag_pos pos = {name, 0, 0, buf_cstr(tmp), NULL};
        diag_add(d, REMIT_EINPUT, REMIT_SEVERITY_ERROR, "duplicate-member",
                 &pos, "member %s appears more than once", q);
    }
    arena_raw_free(a, m);
    return nd == 0;
}

/* One step of the path from the root to a value: a member name, or an
 * index when name is NULL.  Kept on the stack, so that a JSON pointer is
 * built only for a message. */
typedef struct path_step {
    const struct path_step *up;
    const char *name;
    int index;
} path_step;

static void path_pointer(buf *b, const path_step *p)
{
    if (!p) return;
    path_pointer(b, p->up);
    if (p->name) ptr_token(b, p->name);
    else buf_printf(b, "/%d", p->index);
}

/*
 * The objects below the complaint's and each head's own members (a fact
 * with a dotted key is read from a nested object) must not repeat a member
 * either: found by this walk, they were read with the last one winning,
 * silently.  j is at `at`; at the root, "heads" is skipped (each head is
 * checked by itself) but what lies below each head is not.
 */
static bool check_nested(const cJSON *j, const path_step *at, bool root,
                         buf *ptr, buf *tmp, arena *a, const char *name,
                         remit_diagnostics *d, bool *oom)
{
    bool ok = true;
    int i = 0;
    for (const cJSON *c = j->child; c && !*oom; c = c->next, i++) {
        if (!cJSON_IsObject(c) && !cJSON_IsArray(c)) continue;
        path_step step = {at, c->string, i};
        bool heads = root && c->string && strcmp(c->string, "heads") == 0;
        if (heads && cJSON_IsArray(c)) {
            int k = 0;
            for (const cJSON *h = c->child; h; h = h->next, k++) {
                path_step hs = {&step, NULL, k};
                if (cJSON_IsObject(h) &&
                    !check_nested(h, &hs, false, ptr, tmp, a, name, d, oom))
                    ok = false;
            }
            continue;
        }
        if (cJSON_IsObject(c) && may_repeat(c)) {
            ptr->len = 0;
            path_pointer(ptr, &step);
            const char *prefix = buf_cstr(ptr);
            if (!prefix) {
                *oom = true;
                return false;
            }
            if (!check_duplicates(c, prefix, tmp, a, name, d, oom)) ok = false;
        }
        if (!check_nested(c, &step, false, ptr, tmp, a, name, d, oom))
            ok = false;
    }
    return ok;
}

static complaint_doc *parse_doc(const char *text, size_t len,
                                const char *name, remit_diagnostics *d,
                                bool *oom);

complaint_doc *complaint_parse(const char *text, size_t len, const char *name,
                               remit_diagnostics *d, bool *oom)
{
    complaint_doc *doc = parse_doc(text, len, name, d, oom);
    /* A diagnostic lost for lack of memory leaves the list incomplete:
     * that is out of memory, not "invalid complaint" with part of it. */
    if (!doc && d && d->oom) *oom = true;
    return doc;
}

static complaint_doc *parse_doc(const char *text, size_t len,
                                const char *name, remit_diagnostics *d,
                                bool *oom)
{
    *oom = false;
    diag_pos whole = {name, 0, 0, "", NULL};
    if (len > REMIT_MAX_COMPLAINT_BYTES) {
        diag_add(d, REMIT_EINPUT, REMIT_SEVERITY_ERROR, "too-large", &whole,
                 "complaint too large (%zu bytes; the limit is %u)", len,
                 REMIT_MAX_COMPLAINT_BYTES);
        return NULL;
    }
    const char *nul = memchr(text, '\0', len);
    if (nul) {
        json_error(d, name, text, len, (size_t)(nul - text), "json-syntax",
                   "invalid JSON: a NUL byte in the text");
        return NULL;
    }
    /* A UTF-8 byte order mark is skipped: some editors on Windows write
     * one, and it carries no meaning (README, "Bad input"). */
    size_t skip = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) skip = 3;
    /* The tree, and everything else, through the caller's allocator (the
     * one the diagnostics list uses, which is the ruleset's). */
    remit_alloc_fn fn = d ? d->mem.alloc : NULL;
    void *ctx = d ? d->mem.ctx : NULL;
    arena mem;
    arena_init(&mem, fn, ctx);
    jscan j = {text, len, skip, &mem, false, NULL, "", 0, false};
    scan_ws(&j);
    if (j.at == len) {
        json_error(d, name, text, len, len, "json-syntax",
                   "invalid JSON: the input is empty");
        return NULL;
    }
    bool object = text[j.at] == '{';
    cJSON *root = new_node(&j);
    bool scanned = root && scan_value(&j, 0, root);
    if (scanned) {
        scan_ws(&j);
        if (j.at < len) {
            json_error(d, name, text, len, j.at, "json-trailing",
                       object ? "invalid JSON: more text after the "
                                "complaint's closing brace"
                              : "invalid JSON: more text after the JSON "
                                "value");
            arena_free_all(&mem);
            return NULL;
        }
    }
    if (!scanned) {
        if (j.oom) *oom = true;
        else json_error(d, name, text, len, j.err_at, j.code, j.msg);
        arena_free_all(&mem);
        return NULL;
    }
    if (!cJSON_IsObject(root)) {
        diag_add(d, REMIT_EINPUT, REMIT_SEVERITY_ERROR, "json-type", &whole,
                 "a complaint must be a JSON object, not %s", json_kind(root));
        arena_free_all(&mem);
        return NULL;
    }
    arena tmpa;
    arena_init(&tmpa, fn, ctx);
    buf tmp;
    buf_init(&tmp, &tmpa);
    bool ok = !j.strings_to_check || check_strings(root, &tmp, name, d);
    if (ok && may_repeat(root))
        ok = check_duplicates(root, "", &tmp, &tmpa, name, d, oom);
    const cJSON *heads = NULL;
    for (const cJSON *c = root->child; c; c = c->next)
        if (c->string && strcmp(c->string, "heads") == 0) heads = c;
    if (!heads || cJSON_IsNull(heads)) {
        diag_pos p = {name, 0, 0, "/heads", NULL};
        diag_add(d, REMIT_EINPUT, REMIT_SEVERITY_ERROR, "missing-heads", &p,
                 "missing: a complaint needs \"heads\", an array with one "
                 "object per thing complained about");
        ok = false;
        heads = NULL;
    } else if (!cJSON_IsArray(heads)) {
        diag_pos p = {name, 0, 0, "/heads", NULL};
        diag_add(d, REMIT_EINPUT, REMIT_SEVERITY_ERROR, "json-type", &p,
                 "expected an array of heads of complaint, found %s",
                 json_kind(heads));
        ok = false;
        heads = NULL;
    } else {
        int n = cJSON_GetArraySize(heads);
        diag_pos p = {name, 0, 0, "/heads", NULL};
        if (n == 0) {
            diag_add(d, REMIT_EINPUT, REMIT_SEVERITY_ERROR, "missing-heads", &p,
                     "a complaint needs at least one head of complaint");
            ok = false;
        } else if ((unsigned)n > REMIT_MAX_HEADS) {
            diag_add(d, REMIT_EINPUT, REMIT_SEVERITY_ERROR, "too-many-heads",
                     &p, "%d heads of complaint; the limit is %u", n,
                     REMIT_MAX_HEADS);
            ok = false;
        }
        int i = 0;
        for (const cJSON *h = heads->child; h && ok; h = h->next, i++) {
            if (!cJSON_IsObject(h)) {
                tmp.len = 0;
                buf_printf(&tmp, "/heads/%d", i);
                diag_pos hp = {name, 0, 0, buf_cstr(&tmp), NULL};
                diag_add(d, REMIT_EINPUT, REMIT_SEVERITY_ERROR, "json-type",
                         &hp, "a head of complaint must be an object, not %s",
                         json_kind(h));
                ok = false;
            } else if (may_repeat(h)) {
                char prefix[32];
                snprintf(prefix, sizeof prefix, "/heads/%d", i);
                ok = check_duplicates(h, prefix, &tmp, &tmpa, name, d, oom) &&
                     ok;
            }
        }
    }
    if (ok) {
        buf ptr;
        buf_init(&ptr, &tmpa);
        ok = check_nested(root, NULL, true, &ptr, &tmp, &tmpa, name, d, oom);
        if (ptr.oom) *oom = true;
        buf_free(&ptr);
    }
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(root, "id");
    if (id && !cJSON_IsNull(id) && !cJSON_IsString(id)) {
        diag_pos p = {name, 0, 0, "/id", NULL};
        diag_add(d, REMIT_EINPUT, REMIT_SEVERITY_ERROR, "json-type", &p,
                 "expected the complaint's id as a string, found %s",
                 json_kind(id));
        ok = false;
    }
    buf_free(&tmp);
    arena_free_all(&tmpa);
    if (tmp.oom) *oom = true;
    complaint_doc *doc = ok && !*oom ? arena_alloc(&mem, sizeof *doc) : NULL;
    if (!doc) {
        if (ok) *oom = true;
        arena_free_all(&mem);
        return NULL;
    }
    doc->mem = mem;
    doc->root = root;
    doc->heads = heads;
    doc->name = name;
    return doc;
}

void complaint_free(complaint_doc *doc)
{
    if (!doc) return;
    arena mem = doc->mem; /* doc itself lives in it */
    arena_free_all(&mem);
}

size_t complaint_head_count(const complaint_doc *doc)
{
    return doc && doc->heads ? (size_t)cJSON_GetArraySize(doc->heads) : 0;
}

/*
 * The state of reading one complaint.  `ptr` is the JSON pointer of the
 * object being read; the member being read is `pending` and is appended to
 * `ptr` only when a message needs the pointer (most members need none).
 */
typedef struct xctx {
    const rsfile *f;
    remit_result *r;
    remit_diagnostics *d;
    const char *name;
    buf ptr;
    const char *pending;
    bool bad, oom, strict;
    bool quiet; /* count unknown members instead of reporting them */
} xctx;

/* Appends the pending member to the pointer, for a message. */
static const char *ptr_now(xctx *x)
{
    if (x->pending) {
        ptr_token(&x->ptr, x->pending);
        x->pending = NULL;
    }
    return buf_cstr(&x->ptr);
}

REMIT_PRINTF(3, 4)
static void bad(xctx *x, const char *code, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diag_pos p = {x->name, 0, 0, ptr_now(x), NULL};
    diag_add(x->d, REMIT_EINPUT, REMIT_SEVERITY_ERROR, code, &p, "%s", msg);
    x->bad = true;
}


static int enum_index(const fact_def *f, const char *s)
{
    for (size_t k = 0; k < f->nvalues; k++)
        if (f->values[k].value[0] == s[0] && strcmp(f->values[k].value, s) == 0)
            return (int)k;
    return -1;
}

/* Shows a JSON value briefly in a message: strings quoted, escaped and cut
 * after 60 characters (never inside a character). */
static void shown(const cJSON *j, char *out, size_t size)
{
    if (cJSON_IsString(j))
        quoted(j->valuestring, 60, out, size);
    else
        snprintf(out, size, "%s", json_kind(j));
}

/* Reads one member j as fact f into *v. */
static void read_value(xctx *x, const fact_def *f, const cJSON *j, value *v)
{
    memset(v, 0, sizeof *v);
    if (cJSON_IsNull(j)) return;
    char s[200]; /* the value as shown in a message, made only for one */
    switch (f->type) {
    case FT_BOOL:
        if (!cJSON_IsBool(j)) {
            shown(j, s, sizeof s);
            bad(x, "bad-type", "expected true or false, found %s", s);
            return;
        }
        v->i = cJSON_IsTrue(j);
        break;
    case FT_INT: {
        double dv = j->valuedouble;
        if (!cJSON_IsNumber(j)) {
            shown(j, s, sizeof s);
            bad(x, "bad-type", "expected a whole number, found %s", s);
            return;
        }
        if (fabs(dv) > 9007199254740991.0) {
            /* Beyond 2^53 - 1 a double no longer holds every whole number:
             * the value read need not be the one written (cJSON reads
             * 9007199254740993 as ...992), so say so rather than show it. */
            bad(x, "bad-type",
                "expected a whole number between -9007199254740991 and "
                "9007199254740991, found a number outside that range");
            return;
        }
        if (dv != floor(dv)) {
            bad(x, "bad-type", "expected a whole number, found %.17g", dv);
            return;
        }
        v->i = (int64_t)dv;
        break;
    }
    case FT_DATE:
        if (!cJSON_IsString(j)) {
            shown(j, s, sizeof s);
            bad(x, "bad-type", "expected a date \"YYYY-MM-DD\", found %s", s);
            return;
        }
        /* A month or a year alone ("2023-05", "2023") when that is all
         * that is known: the range of days it can mean (verdict.c decides
         * when every day gives the same result). */
        if (!date_parse_approx(j->valuestring, strlen(j->valuestring), &v->i,
                               &v->last, &v->precision)) {
            shown(j, s, sizeof s);
            const char *t = j->valuestring;
            size_t tl = strlen(t);
            bool shape = (tl == 10 && t[4] == '-' && t[7] == '-') ||
                         (tl == 7 && t[4] == '-');
            if (shape)
                bad(x, "bad-date", "%s is not a real date", s);
            else
                bad(x, "bad-date",
                    "expected a date \"YYYY-MM-DD\" (ISO 8601), or \"YYYY-MM\" "
                    "or \"YYYY\" when only the month or year is known, found "
                    "%s", s);
            return;
        }
        if (v->precision == DATE_DAY) v->last = 0;
        break;
    case FT_ENUM: {
        char al[600];
        if (!cJSON_IsString(j)) {
            shown(j, s, sizeof s);
            ruleset_allowed_values(f, al, sizeof al);
            bad(x, "bad-type", "expected one of %s, found %s", al, s);
            return;
        }
        int k = enum_index(f, j->valuestring);
        if (k < 0) {
            shown(j, s, sizeof s);
            ruleset_allowed_values(f, al, sizeof al);
            bad(x, "bad-value", "%s is not an allowed value (allowed: %s)", s,
                al);
            return;
        }
        v->i = k;
        break;
    }
    case FT_SET: {
        char al[600];
        if (!cJSON_IsArray(j)) {
            shown(j, s, sizeof s);
            bad(x, "bad-type", "expected an array of values, found %s", s);
            return;
        }
        int idx = 0;
        for (const cJSON *e = j->child; e; e = e->next, idx++) {
            int k = cJSON_IsString(e) ? enum_index(f, e->valuestring) : -1;
            if (k < 0) {
                ptr_now(x);
                size_t base = x->ptr.len;
                buf_printf(&x->ptr, "/%d", idx);
                shown(e, s, sizeof s);
                ruleset_allowed_values(f, al, sizeof al);
                bad(x, cJSON_IsString(e) ? "bad-value" : "bad-type",
                    "%s is not an allowed value (allowed: %s)", s, al);
                x->ptr.len = base;
                return;
            }
            if (v->mask & (uint64_t)1 << k) {
                /* A set holds each value once (the schema says
                 * uniqueItems); a repeat is most likely a slip. */
                ptr_now(x);
                size_t base = x->ptr.len;
                buf_printf(&x->ptr, "/%d", idx);
                shown(e, s, sizeof s);
                bad(x, "duplicate-value", "%s appears more than once", s);
                x->ptr.len = base;
                return;
            }
            v->mask |= (uint64_t)1 << k;
        }
        break;
    }
    case FT_TEXT:
        if (!cJSON_IsString(j)) {
            shown(j, s, sizeof s);
            bad(x, "bad-type", "expected text (a string), found %s", s);
            return;
        }
        v->text = arena_strdup(&x->r->mem, j->valuestring);
        if (!v->text) {
            x->oom = true;
            return;
        }
        break;
    default:
        return;
    }
    v->known = true;
}

/* True if fact key `key` is `prefix` (plen bytes) followed by `name`. */
static bool key_is(const char *key, const char *prefix, size_t plen,
                   const char *name)
{
    return (plen == 0 || memcmp(key, prefix, plen) == 0) &&
           strcmp(key + plen, name) == 0;
}

/* The slot of the fact of `scope` whose key is prefix + name, or -1. */
static int fact_at(const rsfile *f, fact_scope scope, const char *prefix,
                   size_t plen, const char *name)
{
    for (size_t k = 0; k < f->nfacts; k++)
        if (f->facts[k].scope == scope && f->facts[k].key[0] == (plen ? prefix[0] : name[0]) &&
            key_is(f->facts[k].key, prefix, plen, name))
            return (int)k;
    return -1;
}

/* True if some fact of `scope` has a key under prefix + name ("a.b." is
 * under "a."): the member is an object holding facts. */
static bool holds_facts(const rsfile *f, fact_scope scope, const char *prefix,
                        size_t plen, const char *name)
{
    size_t nl = strlen(name);
    for (size_t k = 0; k < f->nfacts; k++) {
        const char *key = f->facts[k].key;
        if (f->facts[k].scope == scope &&
            (plen == 0 || memcmp(key, prefix, plen) == 0) &&
            strncmp(key + plen, name, nl) == 0 && key[plen + nl] == '.')
            return true;
    }
    return false;
}

/* ---- Member lookup --------------------------------------------------------
 *
 * Every member of a complaint is looked up among the facts: with a few
 * dozen facts and members, comparing each with each was the larger part of
 * reading a complaint.  complaint_index hashes each fact's (scope, dotted
 * key) once, when the rules are loaded, and each prefix of a dotted key
 * ("court" of "court.proceedings") as a container; a member is then found
 * by hashing prefix + name, the prefix's hash carried down as nested
 * objects are read.  Same answers as fact_at and holds_facts above.
 */

typedef struct member_entry {
    const char *key; /* NULL: a free cell */
    uint32_t len, hash;
    int slot;        /* the first fact with this key and scope, or -1 */
    fact_scope scope;
    bool container;  /* some fact of this scope has a key under key + "." */
} member_entry;

struct member_index {
    member_entry *cells;
    uint32_t mask; /* cells - 1, a power of two minus one */
};

#define HASH_SEED 2166136261u

/* FNV-1a, continued over n more bytes. */
static uint32_t hash_more(uint32_t h, const char *s, size_t n)
{
    for (size_t k = 0; k < n; k++) h = (h ^ (unsigned char)s[k]) * 16777619u;
    return h;
}

static member_entry *index_find(const struct member_index *ix, fact_scope scope,
                                uint32_t h, const char *prefix, size_t plen,
                                const char *name, size_t nl)
{
    for (uint32_t i = h & ix->mask;; i = (i + 1) & ix->mask) {
        member_entry *e = &ix->cells[i];
        if (!e->key) return e;
        if (e->hash == h && e->scope == scope && e->len == plen + nl &&
            memcmp(e->key, prefix, plen) == 0 &&
            memcmp(e->key + plen, name, nl) == 0)
            return e;
    }
}

remit_status complaint_index(arena *a, rsfile *f)
{
    size_t n = 0;
    for (size_t k = 0; k < f->nfacts; k++) {
        n++;
        for (const char *c = f->facts[k].key; *c; c++) n += *c == '.';
    }
    uint32_t cells = 16;
    while (cells < 2 * n) cells *= 2;
    struct member_index *ix = arena_alloc(a, sizeof *ix);
    member_entry *v = arena_alloc(a, cells * sizeof *v);
    if (!ix || !v) return REMIT_ENOMEM;
    ix->cells = v;
    ix->mask = cells - 1;
    for (size_t k = 0; k < f->nfacts; k++) {
        const fact_def *fd = &f->facts[k];
        size_t len = strlen(fd->key);
        for (size_t at = 0; at <= len; at++) {
            if (at < len && fd->key[at] != '.') continue;
            /* fd->key[0..at): the whole key, or a container of it */
            uint32_t h = hash_more(HASH_SEED, fd->key, at);
            member_entry *e = index_find(ix, fd->scope, h, fd->key, at, "", 0);
            if (!e->key) {
                e->key = fd->key;
                e->len = (uint32_t)at;
                e->hash = h;
                e->slot = -1;
                e->scope = fd->scope;
            }
            if (at < len) e->container = true;
            else if (e->slot < 0) e->slot = (int)k;
        }
    }
    f->members = ix;
    return REMIT_OK;
}

/* The slot of the fact of `scope` whose key is prefix + name (or -1), and
 * whether that key holds nested facts.  `ph` is the hash of the prefix. */
static int member_fact(const rsfile *f, fact_scope scope, const char *prefix,
                       size_t plen, uint32_t ph, const char *name, size_t nl,
                       bool *container)
{
    if (f->members) {
        const member_entry *e = index_find(f->members, scope,
                                           hash_more(ph, name, nl), prefix,
                                           plen, name, nl);
        *container = e->key && e->container;
        return e->key ? e->slot : -1;
    }
    int slot = fact_at(f, scope, prefix, plen, name);
    *container = slot < 0 && holds_facts(f, scope, prefix, plen, name);
    return slot;
}

/* Reports (or, quiet, counts) member `name` of the object being read, which
 * no fact of `scope` reads. */
static void unknown_member(xctx *x, fact_scope scope, const char *prefix,
                           size_t plen, const char *name)
{
    if (x->quiet && !x->strict) {
        x->r->unknown_members++;
        return;
    }
    /* The other scope's fact in the wrong place is a common slip. */
    const char *other = NULL;
    if (fact_at(x->f, scope == SCOPE_HEAD ? SCOPE_COMPLAINT : SCOPE_HEAD,
                prefix, plen, name) >= 0)
        other = scope == SCOPE_COMPLAINT
                    ? "it is a fact of each head: put it inside "
                      "the objects of \"heads\""
                    : "it is a fact of the whole complaint: put it "
                      "at the top level";
    diag_pos p = {x->name, 0, 0, ptr_now(x), NULL};
    remit_severity sev = x->strict ? REMIT_SEVERITY_ERROR : REMIT_SEVERITY_WARNING;
    char q[200]; /* the name quoted, with '"' and '\\' escaped */
    quoted(name, 60, q, sizeof q);
    if (other)
        diag_add(x->d, REMIT_EINPUT, sev, "misplaced-member", &p,
                 "%s is not read here: %s", q, other);
    else if (x->strict)
        diag_add(x->d, REMIT_EINPUT, sev, "unknown-member", &p,
                 "unknown member %s (not a fact of ruleset %s; "
                 "see 'remit facts')", q, x->f->id);
    else
        diag_add(x->d, REMIT_EINPUT, sev, "unknown-member", &p,
                 "unknown member %s is ignored (not a fact of "
                 "ruleset %s; see 'remit facts')",
                 q, x->f->id);
    if (x->strict) x->bad = true;
}

/*
 * Reads the members of obj into vals.  `prefix` is the dotted key of obj
 * itself with a trailing '.' ("" for the complaint or a head), so that a
 * fact declared with `key: court.proceedings` is read from
 * {"court": {"proceedings": ...}}.  x->ptr holds obj's JSON pointer.
 */
static void read_members(xctx *x, const cJSON *obj, fact_scope scope,
                         value *vals, bool report_unknown, const char *prefix)
{
    size_t base = x->ptr.len;
    size_t plen = strlen(prefix);
    uint32_t ph = hash_more(HASH_SEED, prefix, plen);
    for (const cJSON *m = obj->child; m; m = m->next) {
        if (!m->string) continue;
        if (scope == SCOPE_COMPLAINT && plen == 0 &&
            ((m->string[0] == 'i' && strcmp(m->string, "id") == 0) ||
             (m->string[0] == 'h' && strcmp(m->string, "heads") == 0) ||
             (m->string[0] == 'f' && strcmp(m->string, "format") == 0)))
            continue;
        /* A head's "id" and "handling_of" are the engine's (head_relations). */
        if (scope == SCOPE_HEAD && plen == 0 &&
            ((m->string[0] == 'i' && strcmp(m->string, "id") == 0) ||
             (m->string[0] == 'h' && strcmp(m->string, HANDLING_OF) == 0)))
            continue;
        x->ptr.len = base;
        x->pending = m->string;
        size_t nl = strlen(m->string);
        bool container = false;
        int slot = plen + nl < 256 ? member_fact(x->f, scope, prefix, plen, ph,
                                                 m->string, nl, &container)
                                   : -1;
        if (slot >= 0) {
            read_value(x, &x->f->facts[slot], m, &vals[slot]);
            continue;
        }
        if (plen + nl + 1 < 256 && container) {
            if (cJSON_IsObject(m)) {
                char key[256];
                memcpy(key, prefix, plen);
                memcpy(key + plen, m->string, nl);
                key[plen + nl] = '.';
                key[plen + nl + 1] = '\0';
                ptr_now(x);
                read_members(x, m, scope, vals, report_unknown, key);
            } else if (!cJSON_IsNull(m)) {
                char shown_v[96];
                shown(m, shown_v, sizeof shown_v);
                bad(x, "bad-type", "expected an object, found %s", shown_v);
            }
            continue;
        }
        if (report_unknown) unknown_member(x, scope, prefix, plen, m->string);
    }
    x->pending = NULL;
    x->ptr.len = base;
}

/* Reads the facts of `scope` from obj into vals, then gives the facts the
 * complaint leaves unknown the ruleset's presumption, marked as presumed so
 * the verdict can say so. */
static void read_object(xctx *x, const cJSON *obj, fact_scope scope,
                        value *vals, bool report_unknown)
{
    read_members(x, obj, scope, vals, report_unknown, "");
    for (size_t k = 0; k < x->f->nfacts; k++) {
        const fact_def *f = &x->f->facts[k];
        if (f->scope == scope && f->has_presume && !vals[k].known)
            vals[k] = f->presume;
    }
}

/* ---- Dates that cannot be right ---------------------------------------
 *
 * Pairs of facts of the shared vocabulary (tests/data/VOCABULARY.md) whose
 * order is certain.  The rules count a time limit from `later` to `earlier`,
 * or to the evaluation date when `earlier` is not given
 * (first_known(ombudsman_complaint_date, today)), so `later` after that date
 * is an error: a clock that runs backwards would silently read as "in
 * time".  A pair applies only to a ruleset that declares both facts as
 * dates.  Any other date after the evaluation date is a warning: it may be a
 * typo, or planned (the date a complaint will reach the Ombudsman), and the
 * engine cannot tell which.  README, "Bad input".
 */
static const struct date_order {
    const char *later, *earlier;
    const char *why_earlier, *why_today;
} date_orders[] = {
    {"first_aware_date", "ombudsman_complaint_date",
     "the complaint cannot have reached the Ombudsman before the person knew "
     "of the matter",
     "the person cannot first know of the matter in the future"},
};

static int date_fact(const rsfile *f, const char *name)
{
    for (size_t k = 0; k < f->nfacts; k++)
        if (f->facts[k].type == FT_DATE && strcmp(f->facts[k].name, name) == 0)
            return (int)k;
    return -1;
}

/* Whether the value came from the complaint (not unknown, not presumed). */
static bool given(const value *v)
{
    return v->known && !v->presumed;
}

/* Checks the date facts of vals (head index `head`, or -1 for the complaint
 * facts alone) against the evaluation date and date_orders. */
static void check_dates(xctx *x, value *vals, int head)
{
    const rsfile *f = x->f;
    for (size_t k = 0; k < f->nfacts; k++) {
        const fact_def *fd = &f->facts[k];
        if (fd->type != FT_DATE || !given(&vals[k])) continue;
        if ((head >= 0) != (fd->scope == SCOPE_HEAD)) continue;
        const struct date_order *o = NULL;
        for (size_t n = 0; n < sizeof date_orders / sizeof *date_orders; n++)
            if (strcmp(date_orders[n].later, fd->name) == 0 &&
                date_fact(f, date_orders[n].earlier) >= 0)
                o = &date_orders[n];
        int64_t d = vals[k].i;
        int e = o ? date_fact(f, o->earlier) : -1;
        char ds[11], ts[11], es[11];
        /* The latest day the earlier fact can mean. */
        int64_t e_last = e >= 0 && vals[e].precision != DATE_DAY ? vals[e].last
                         : e >= 0 ? vals[e].i : 0;
        /* An approximate date: the days of its range after the date that
         * bounds it (the earlier fact's, or the evaluation date) cannot be
         * meant; the range ends there when it starts before. */
        if (vals[k].precision != DATE_DAY) {
            int64_t bound = e >= 0 && given(&vals[e]) ? e_last
                            : o ? x->r->today : INT64_MAX;
            if (d <= bound && vals[k].last > bound) vals[k].last = bound;
        }
        bool after_earlier = e >= 0 && given(&vals[e]) && d > e_last;
        if (!after_earlier && d <= x->r->today) continue;
        /* Formatted only for a message: this runs for every date. */
        date_format_approx(d, vals[k].precision, ds);
        date_format(x->r->today, ts);
        x->ptr.len = 0;
        x->pending = NULL;
        ruleset_pointer(&x->ptr, fd, head);
        diag_pos p = {x->name, 0, 0, buf_cstr(&x->ptr), NULL};
        if (after_earlier) {
            date_format_approx(vals[e].i, vals[e].precision, es);
            diag_add(x->d, REMIT_EINPUT, REMIT_SEVERITY_ERROR, "date-order",
                     &p, "\"%s\" is after %s, \"%s\": %s", ds, o->earlier, es,
                     o->why_earlier);
            x->bad = true;
        } else if (e >= 0 && !given(&vals[e]) && d > x->r->today) {
            diag_add(x->d, REMIT_EINPUT, REMIT_SEVERITY_ERROR, "date-order",
                     &p, "\"%s\" is after the evaluation date, %s, which "
                     "stands for %s when that is not given: %s", ds, ts,
                     o->earlier, o->why_today);
            x->bad = true;
        } else if (d > x->r->today) {
            diag_add(x->d, REMIT_EINPUT, REMIT_SEVERITY_WARNING, "future-date",
                     &p, "\"%s\" is after the evaluation date, %s", ds, ts);
        }
    }
}

/* ---- Heads that relate ------------------------------------------------
 *
 * A head may carry "id" (a short name, unique in the complaint) and a
 * complaint-handling head "handling_of", the ids of the heads whose
 * complaint handling it is about.  The references must name other heads
 * of the complaint, and never go round in a circle: the engine evaluates
 * the referenced heads first (verdict.c).
 */

/* Reports a problem at /heads/<i>/<member>[/<k>]. */
REMIT_PRINTF(6, 7)
static void bad_rel(xctx *x, size_t i, const char *member, int k,
                    const char *code, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    x->ptr.len = 0;
    x->pending = NULL;
    buf_printf(&x->ptr, "/heads/%zu/%s", i, member);
    if (k >= 0) buf_printf(&x->ptr, "/%d", k);
    bad(x, code, "%s", msg);
}

/* Depth-first search for a circle through head i; state 0 new, 1 on the
 * path, 2 done.  True if a circle was found (reported at the head that
 * closes it). */
static bool find_cycle(xctx *x, remit_result *r, size_t i, uint8_t *state)
{
    state[i] = 1;
    head_result *h = &r->heads[i];
    for (size_t k = 0; k < h->nhandling; k++) {
        size_t j = (size_t)h->handling[k];
        if (state[j] == 1) {
            char who[48];
            snprintf(who, sizeof who, "%zu", j);
            bad_rel(x, i, HANDLING_OF, (int)k, "cyclic-reference",
                    "the heads' \"handling_of\" go round in a circle "
                    "(back to /heads/%s): a head cannot be about the handling "
                    "of a complaint that is about its own handling", who);
            return true;
        }
        if (state[j] == 0 && find_cycle(x, r, j, state)) return true;
    }
    state[i] = 2;
    return false;
}

static void head_relations(xctx *x, const cJSON *heads, remit_result *r)
{
    size_t i = 0;
    for (const cJSON *h = heads->child; h; h = h->next, i++) {
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(h, "id");
        if (!id || cJSON_IsNull(id)) continue;
        char s[200];
        if (!cJSON_IsString(id) || !id->valuestring[0]) {
            shown(id, s, sizeof s);
            bad_rel(x, i, "id", -1, "bad-type",
                    "expected a head's id, a non-empty string, found %s", s);
            continue;
        }
        for (size_t j = 0; j < i; j++)
            if (r->heads[j].hid && strcmp(r->heads[j].hid, id->valuestring) == 0) {
                quoted(id->valuestring, 60, s, sizeof s);
                bad_rel(x, i, "id", -1, "duplicate-id",
                        "%s is the id of an earlier head too: a head's id "
                        "names one head", s);
            }
        r->heads[i].hid = arena_strdup(&r->mem, id->valuestring);
        if (!r->heads[i].hid) x->oom = true;
    }
    i = 0;
    for (const cJSON *h = heads->child; h && !x->oom; h = h->next, i++) {
        const cJSON *ho = cJSON_GetObjectItemCaseSensitive(h, HANDLING_OF);
        head_result *hr = &r->heads[i];
        if (!ho || cJSON_IsNull(ho)) continue;
        char s[200];
        if (!cJSON_IsArray(ho)) {
            shown(ho, s, sizeof s);
            bad_rel(x, i, HANDLING_OF, -1, "bad-type",
                    "expected an array of head ids, found %s", s);
            continue;
        }
        int n = cJSON_GetArraySize(ho);
        hr->handling = arena_alloc(&r->mem, (size_t)(n + 1) * sizeof *hr->handling);
        if (!hr->handling) {
            x->oom = true;
            break;
        }
        hr->has_handling = true;
        int k = 0;
        for (const cJSON *e = ho->child; e; e = e->next, k++) {
            if (!cJSON_IsString(e)) {
                shown(e, s, sizeof s);
                bad_rel(x, i, HANDLING_OF, k, "bad-type",
                        "expected the id of another head (a string), found %s", s);
                continue;
            }
            quoted(e->valuestring, 60, s, sizeof s);
            int found = -1;
            for (size_t j = 0; j < r->nheads; j++)
                if (r->heads[j].hid && strcmp(r->heads[j].hid, e->valuestring) == 0)
                    found = (int)j;
            if (found < 0) {
                /* "2": head 2 as people count (the interview's answer for
                 * a head without an id), when no head has that id. */
                char *end;
                const char *v = e->valuestring;
                long hn = isdigit((unsigned char)v[0]) ? strtol(v, &end, 10) : 0;
                if (hn >= 1 && (size_t)hn <= r->nheads && !*end &&
                    !r->heads[hn - 1].hid)
                    found = (int)hn - 1;
            }
            if (found < 0) {
                bad_rel(x, i, HANDLING_OF, k, "unknown-head",
                        "%s is not the id of a head of this complaint, nor "
                        "the number of one without an id (give the head it "
                        "means an \"id\")", s);
                continue;
            }
            if ((size_t)found == i) {
                bad_rel(x, i, HANDLING_OF, k, "self-reference",
                        "%s is this head's own id: a head cannot be the "
                        "complaint handling of itself", s);
                continue;
            }
            bool dup = false;
            for (size_t m = 0; m < hr->nhandling; m++)
                if (hr->handling[m] == found) dup = true;
            if (dup) {
                bad_rel(x, i, HANDLING_OF, k, "duplicate-value",
                        "%s appears more than once", s);
                continue;
            }
            hr->handling[hr->nhandling++] = found;
        }
    }
    if (x->bad || x->oom) return;
    uint8_t *state = arena_alloc(&r->mem, r->nheads + 1);
    if (!state) {
        x->oom = true;
        return;
    }
    memset(state, 0, r->nheads + 1);
    for (i = 0; i < r->nheads; i++)
        if (state[i] == 0 && find_cycle(x, r, i, state)) break;
}

/* ---- Complaint format and legacy members ---------------------------------
 *
 * A complaint may say which format it is written in: "format": 2 for the
 * vocabulary of format 2, absent (or 1) for format 1.  A ruleset's
 * `legacy:` says how each member of format 1 reads in format 2; a format-1
 * complaint is rewritten through it before it is read, with a warning for
 * each member mapped (remit migrate writes the rewritten complaint).
 */

/* The complaint's format, 1 or 2; 0 after reporting a bad one. */
static int read_format(xctx *x, const cJSON *root)
{
    const cJSON *fm = cJSON_GetObjectItemCaseSensitive(root, "format");
    if (!fm || cJSON_IsNull(fm)) return 1;
    x->ptr.len = 0;
    x->pending = "format";
    char s[200];
    if (!cJSON_IsNumber(fm) || fm->valuedouble != floor(fm->valuedouble)) {
        shown(fm, s, sizeof s);
        bad(x, "bad-type", "expected the complaint's format, 1 or 2, found %s", s);
        return 0;
    }
    if (fm->valuedouble != 1 && fm->valuedouble != 2) {
        bad(x, "unknown-format", "format %.17g is not one this remit reads (it "
                                 "reads formats 1 and 2)", fm->valuedouble);
        return 0;
    }
    return (int)fm->valuedouble;
}

/* Whether member m's value is the legacy entry's `value` (as YAML wrote it). */
static bool legacy_matches(const legacy_def *ld, const cJSON *m)
{
    if (!ld->value) return true;
    if (cJSON_IsString(m)) return strcmp(m->valuestring, ld->value) == 0;
    if (cJSON_IsBool(m))
        return strcmp(ld->value, cJSON_IsTrue(m) ? "true" : "false") == 0;
    if (cJSON_IsNumber(m)) {
        char *end;
        double v = strtod(ld->value, &end);
        return *ld->value && !*end && v == m->valuedouble;
    }
    return false;
}

/* A node of doc's tree (the tree lives in doc's arena, as the scanner
 * builds it: cJSON's allocating calls are never used). */
static cJSON *doc_node(complaint_doc *doc, int type)
{
    cJSON *n = arena_alloc(&doc->mem, sizeof *n);
    if (n) n->type = type;
    return n;
}

/* Appends item to the object or array parent (cJSON's list: the first
 * child's prev is the last). */
static void doc_append(cJSON *parent, cJSON *item)
{
    item->next = NULL;
    if (!parent->child) {
        parent->child = item;
        item->prev = item;
        return;
    }
    cJSON *last = parent->child->prev;
    last->next = item;
    item->prev = last;
    parent->child->prev = item;
}

static cJSON *doc_string(complaint_doc *doc, const char *s)
{
    cJSON *n = doc_node(doc, cJSON_String);
    if (n && !(n->valuestring = arena_strdup(&doc->mem, s))) n = NULL;
    return n;
}

/* A new member's value (NULL when out of memory). */
static cJSON *legacy_item(complaint_doc *doc, const legacy_set *s)
{
    cJSON *n;
    switch (s->type) {
    case FT_BOOL: return doc_node(doc, s->b ? cJSON_True : cJSON_False);
    case FT_INT:
        n = doc_node(doc, cJSON_Number);
        if (n) {
            n->valuedouble = (double)s->i;
            n->valueint = s->i > INT32_MAX ? INT32_MAX : s->i < INT32_MIN
                                                        ? INT32_MIN : (int)s->i;
        }
        return n;
    case FT_SET:
        n = doc_node(doc, cJSON_Array);
        for (size_t k = 0; n && k < s->nlist; k++) {
            cJSON *e = doc_string(doc, s->list[k]);
            if (!e) return NULL;
            doc_append(n, e);
        }
        return n;
    default: return doc_string(doc, s->s);
    }
}

/* Writes a scalar (or a flat array) as JSON, without cJSON's printer
 * (which allocates through cJSON's hooks). */
static void scalar_json(buf *b, const cJSON *j)
{
    if (cJSON_IsString(j)) {
        buf_json_str(b, j->valuestring);
    } else if (cJSON_IsNumber(j)) {
        double v = j->valuedouble;
        if (v == floor(v) && fabs(v) < 9007199254740992.0) buf_int(b, (int64_t)v);
        else buf_printf(b, "%.17g", v);
    } else if (cJSON_IsBool(j)) {
        buf_puts(b, cJSON_IsTrue(j) ? "true" : "false");
    } else if (cJSON_IsArray(j)) {
        buf_putc(b, '[');
        for (const cJSON *c = j->child; c; c = c->next) {
            scalar_json(b, c);
            if (c->next) buf_puts(b, ", ");
        }
        buf_putc(b, ']');
    } else if (cJSON_IsObject(j)) {
        buf_puts(b, "{...}");
    } else {
        buf_puts(b, "null");
    }
}

/* Whether item is among the members appended to a list after `last` (its
 * last member before any were appended; NULL if it had none). */
static bool appended_after(const cJSON *first, const cJSON *last,
                           const cJSON *item)
{
    for (const cJSON *p = last ? last->next : first; p; p = p->next)
        if (p == item) return true;
    return false;
}

/* Rewrites the members of obj (scope, JSON pointer `base`) that f's legacy
 * maps, with a warning for each. */
static void apply_legacy(xctx *x, const rsfile *f, complaint_doc *doc,
                         cJSON *obj, fact_scope scope, const char *base)
{
    /* Members appended below come after this one: a member found there was
     * set by an earlier format-1 member, not given by the complaint. */
    const cJSON *given_last = obj->child ? obj->child->prev : NULL;
    cJSON *m = obj->child;
    while (m && !x->oom) {
        cJSON *next = m->next;
        const legacy_def *ld = NULL;
        for (size_t k = 0; k < f->nlegacy && !ld && m->string; k++)
            if (f->legacy[k].scope == scope &&
                strcmp(f->legacy[k].member, m->string) == 0 &&
                legacy_matches(&f->legacy[k], m))
                ld = &f->legacy[k];
        if (!ld) {
            m = next;
            continue;
        }
        buf what;
        buf_init(&what, &x->r->mem);
        for (size_t k = 0; k < ld->nsets; k++) {
            const legacy_set *s = &ld->sets[k];
            buf_printf(&what, "%s\"%s\": ", k ? ", " : "", s->key);
            cJSON *item = legacy_item(doc, s);
            if (!item || !(item->string = arena_strdup(&doc->mem, s->key))) {
                x->oom = true;
                break;
            }
            scalar_json(&what, item);
            const cJSON *had = cJSON_GetObjectItemCaseSensitive(obj, s->key);
            if (had) {
                /* Written in format 2 as well, or set by an earlier format-1
                 * member: that one stands. */
                buf_puts(&what, appended_after(obj->child, given_last, had)
                                    ? " (already set by an earlier format-1 "
                                      "member: that one stands)"
                                    : " (the complaint also gives it in "
                                      "format 2: that one stands)");
                continue;
            }
            doc_append(obj, item);
        }
        char shown_v[96];
        shown(m, shown_v, sizeof shown_v);
        x->ptr.len = 0;
        buf_puts(&x->ptr, base);
        x->pending = m->string;
        const char *ptr = ptr_now(x);
        diag_pos p = {x->name, 0, 0, ptr, NULL};
        const char *w = buf_cstr(&what);
        if (!w || x->ptr.oom) x->oom = true;
        else if (ld->nsets)
            diag_add(x->d, REMIT_EINPUT, REMIT_SEVERITY_WARNING, "legacy-member",
                     &p, "\"%s\": %s is format 1: read as %s (format 2; "
                     "'remit migrate' rewrites the complaint)", m->string,
                     shown_v, w);
        else
            diag_add(x->d, REMIT_EINPUT, REMIT_SEVERITY_WARNING, "legacy-member",
                     &p, "\"%s\": %s is format 1 and no longer read: format "
                     "2 has no such member ('remit migrate' rewrites the "
                     "complaint)", m->string, shown_v);
        buf_free(&what);
        (void)cJSON_DetachItemViaPointer(obj, m); /* its memory: the arena's */
        m = next;
    }
}

/* Reads the format and, for format 1, rewrites the document through f's
 * legacy mappings.  False after reporting a bad format. */
static bool complaint_to_format2(xctx *x, complaint_doc *doc,
                                 const rsfile *f)
{
    int fmt = read_format(x, doc->root);
    if (fmt == 0) return false;
    if (fmt == 2 || !f->nlegacy) return true;
    apply_legacy(x, f, doc, doc->root, SCOPE_COMPLAINT, "");
    cJSON *heads = cJSON_GetObjectItemCaseSensitive(doc->root, "heads");
    int i = 0;
    for (cJSON *h = heads ? heads->child : NULL; h && !x->oom; h = h->next, i++) {
        char base[32];
        snprintf(base, sizeof base, "/heads/%d", i);
        if (cJSON_IsObject(h)) apply_legacy(x, f, doc, h, SCOPE_HEAD, base);
    }
    return true;
}

/* Writes j as JSON indented by two spaces a level, members on their own
 * lines, a set's values on one line.  False when out of memory. */
static bool json_pretty(buf *b, const cJSON *j, int depth)
{
    bool obj = cJSON_IsObject(j);
    if (!obj && !cJSON_IsArray(j)) {
        scalar_json(b, j);
        return !b->oom;
    }
    bool flat = !obj;
    for (const cJSON *c = j->child; c && flat; c = c->next)
        if (cJSON_IsObject(c) || cJSON_IsArray(c)) flat = false;
    buf_putc(b, obj ? '{' : '[');
    for (const cJSON *c = j->child; c; c = c->next) {
        if (flat) {
            if (c != j->child) buf_puts(b, ", ");
        } else {
            buf_putc(b, '\n');
            for (int k = 0; k <= depth; k++) buf_puts(b, "  ");
        }
        if (obj) {
            buf_json_str(b, c->string ? c->string : "");
            buf_puts(b, ": ");
        }
        if (!json_pretty(b, c, depth + 1)) return false;
        if (c->next && !flat) buf_putc(b, ',');
    }
    if (!flat && j->child) {
        buf_putc(b, '\n');
        for (int k = 0; k < depth; k++) buf_puts(b, "  ");
    }
    buf_putc(b, obj ? '}' : ']');
    return true;
}

remit_status complaint_migrate(complaint_doc *doc, const rsfile *f,
                               remit_result *r, remit_diagnostics *d,
                               buf *out)
{
    xctx x = {f, r, d, doc->name, {0}, NULL, false, false, false, false};
    buf_init(&x.ptr, &r->mem);
    buf_puts(&x.ptr, "");
    bool ok = complaint_to_format2(&x, doc, f);
    buf_free(&x.ptr);
    if (x.oom) return REMIT_ENOMEM;
    if (!ok) return REMIT_EINPUT;
    /* "format": 2, first. */
    (void)cJSON_DetachItemFromObjectCaseSensitive(doc->root, "format");
    cJSON *fm = doc_node(doc, cJSON_Number);
    if (!fm || !(fm->string = arena_strdup(&doc->mem, "format")))
        return REMIT_ENOMEM;
    fm->valuedouble = 2;
    fm->valueint = 2;
    /* First: the rest follows. */
    cJSON *rest = doc->root->child;
    doc->root->child = NULL;
    doc_append(doc->root, fm);
    while (rest) {
        cJSON *next = rest->next;
        doc_append(doc->root, rest);
        rest = next;
    }
    if (!json_pretty(out, doc->root, 0)) return REMIT_ENOMEM;
    buf_putc(out, '\n');
    return out->oom ? REMIT_ENOMEM : REMIT_OK;
}

remit_status complaint_extract(complaint_doc *doc, const rsfile *f,
                               remit_result *r, bool heads, bool strict,
                               bool quiet, remit_diagnostics *d)
{
    xctx x = {f, r, d, doc->name, {0}, NULL, false, false, strict, quiet};
    buf_init(&x.ptr, &r->mem);
    buf_puts(&x.ptr, "");
    r->cvals = arena_alloc(&r->mem, (f->nfacts + 1) * sizeof *r->cvals);
    if (!r->cvals) {
        buf_free(&x.ptr);
        return REMIT_ENOMEM;
    }
    if (heads && !complaint_to_format2(&x, doc, f)) {
        buf_free(&x.ptr);
        return x.oom ? REMIT_ENOMEM : REMIT_EINPUT;
    }
    read_object(&x, doc->root, SCOPE_COMPLAINT, r->cvals, heads);
    if (heads) {
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(doc->root, "id");
        if (cJSON_IsString(id)) {
            r->id = arena_strdup(&r->mem, id->valuestring);
            if (!r->id) x.oom = true;
        }
        size_t n = complaint_head_count(doc);
        r->heads = arena_alloc(&r->mem, (n ? n : 1) * sizeof *r->heads);
        if (!r->heads) x.oom = true;
        r->nheads = r->heads ? n : 0;
        size_t i = 0;
        for (const cJSON *h = doc->heads->child; h && !x.oom; h = h->next, i++) {
            value *vals = arena_alloc(&r->mem, (f->nfacts + 1) * sizeof *vals);
            if (!vals) {
                x.oom = true;
                break;
            }
            memcpy(vals, r->cvals, f->nfacts * sizeof *vals);
            r->heads[i].vals = vals;
            /* "/heads/<i>", without printf: this runs for every head. */
            char hp[32] = "/heads/", tmp[24];
            size_t hl = 7, t = 0, v = i;
            do {
                tmp[t++] = (char)('0' + v % 10);
                v /= 10;
            } while (v);
            while (t) hp[hl++] = tmp[--t];
            x.ptr.len = 0;
            buf_add(&x.ptr, hp, hl);
            read_object(&x, h, SCOPE_HEAD, vals, true);
        }
        if (!x.oom) head_relations(&x, doc->heads, r);
        if (!x.oom) {
            check_dates(&x, r->cvals, -1);
            for (i = 0; i < r->nheads; i++)
                check_dates(&x, r->heads[i].vals, (int)i);
        }
    }
    if (x.ptr.oom) x.oom = true;
    buf_free(&x.ptr);
    if (x.oom || (d && d->oom)) return REMIT_ENOMEM; /* as complaint_parse */
    return x.bad ? REMIT_EINPUT : REMIT_OK;
}

/*
 * Reads the value of complaint fact fd found under obj, where `rest` is
 * what remains of its dotted key (`key` is the whole key).  Reads as
 * read_members does: a member that is itself a fact is not looked into,
 * and a later duplicate member overrides an earlier one.
 */
static void read_path(xctx *x, const cJSON *obj, const fact_def *fd,
                      const char *rest, value *v)
{
    const char *dot = strchr(rest, '.');
    size_t cl = dot ? (size_t)(dot - rest) : strlen(rest);
    bool top = rest == fd->key;
    for (const cJSON *m = obj->child; m; m = m->next) {
        if (!m->string || strncmp(m->string, rest, cl) != 0 || m->string[cl])
            continue;
        if (top && (strcmp(m->string, "id") == 0 || strcmp(m->string, "heads") == 0))
            continue;
        if (!dot) {
            x->pending = m->string;
            read_value(x, fd, m, v);
        } else if (cJSON_IsObject(m) &&
                   fact_at(x->f, SCOPE_COMPLAINT, fd->key,
                           (size_t)(rest - fd->key), m->string) < 0) {
            read_path(x, m, fd, dot + 1, v);
        }
    }
}

remit_status complaint_extract_some(const complaint_doc *doc, const rsfile *f,
                                    remit_result *r, const unsigned *slots,
                                    size_t n)
{
    xctx x = {f, r, NULL, doc->name, {0}, NULL, false, false, false, true};
    buf_init(&x.ptr, &r->mem);
    r->cvals = arena_alloc(&r->mem, (f->nfacts + 1) * sizeof *r->cvals);
    if (!r->cvals) return REMIT_ENOMEM;
    for (size_t k = 0; k < n; k++) {
        const fact_def *fd = &f->facts[slots[k]];
        value *v = &r->cvals[slots[k]];
        if (fd->scope != SCOPE_COMPLAINT) continue;
        read_path(&x, doc->root, fd, fd->key, v);
        if (fd->has_presume && !v->known) *v = fd->presume;
    }
    bool oom = x.oom || x.ptr.oom;
    buf_free(&x.ptr);
    return oom ? REMIT_ENOMEM : REMIT_OK;
}
