/* SPDX-License-Identifier: Apache-2.0 */
/*
 * csv.c -- CSV in: the rows of an export of intake forms made into JSON
 * complaints.  Consumes the header row (column names: a complaint fact's
 * member name, id, heads.N.<head fact>...) and each data row, cut by
 * frame.c, with the fact declarations of the ruleset; produces the row's
 * complaint as JSON for the evaluator, or why it cannot be read, naming row
 * and column.  The layout is the README's "CSV in"; remit_ruleset_csv_header
 * prints its header row.  Values the row holds in spreadsheet form (yes/no,
 * an option's label, 14/03/2024, "a; b" for several values) are turned into
 * the complaint's form; whatever is still wrong is left to the evaluator,
 * whose message then names the cell.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "ruleset.h"

/* Files whose declarations of one fact are looked at for its values. */
#define CSV_MAX_DECLS 8

enum col_kind {
    C_SKIP,  /* no name: ignored */
    C_ID,    /* the complaint's or the head's "id" */
    C_FACT,  /* a declared fact */
    C_OTHER, /* any other member: a string (the evaluator warns) */
    C_LIST   /* heads.N.handling_of, when no fact: a list of head ids */
};

typedef struct column {
    enum col_kind kind;
    unsigned head;  /* 0: the complaint; else the head's number */
    char *key;      /* the member (raw-allocated) */
    char type;      /* C_FACT: 'b'ool 'e'num 's'et 'd'ate 'i'nteger 't'ext */
    size_t ndecl;
    remit_fact_info decl[CSV_MAX_DECLS]; /* its declarations, file by file */
} column;

struct csv_layout {
    char delim;
    size_t ncols;
    column *cols;
    size_t *order;   /* columns by (head, position): the JSON's order */
    unsigned maxhead;
    bool *filled;    /* per head of the row being read */
    size_t *cell_at, *cell_len, cell_cap; /* its cells, in `cells` */
    buf cells;
};

/* ---- Cutting records and cells ------------------------------------------- */

bool csv_record_end(const char *data, size_t len, bool end, char delim,
                    bool *quoted, size_t *rec_len, size_t *used)
{
    /* A quote opens a quoted cell only at the cell's start (RFC 4180); in
     * an unquoted cell it is a character ("Mr X said "no"" reads as
     * written), so a stray one cannot swallow the rows after it.  Before
     * the header is read the delimiter is not known: any of , ; tab. */
    bool q = *quoted, start = !q;
    for (size_t k = 0; k < len; k++) {
        char c = data[k];
        if (q) {
            if (c == '"') {
                if (k + 1 < len && data[k + 1] == '"') k++;
                else if (k + 1 == len && !end) break; /* "" may be cut */
                else q = false;
            }
            continue;
        }
        if (c == '\n') {
            *rec_len = k && data[k - 1] == '\r' ? k - 1 : k;
            *used = k + 1;
            *quoted = false;
            return true;
        }
        if (c == '"' && start) {
            q = true;
            start = false;
        } else {
            start = delim ? c == delim : (c == ',' || c == ';' || c == '\t');
        }
    }
    *quoted = q;
    if (!end) return false;
    *rec_len = len && data[len - 1] == '\r' ? len - 1 : len;
    *used = len;
    return true;
}

/* Splits a record into L's cells (quotes removed, "" made "). */
static bool split_cells(csv_layout *L, const char *p, size_t n, size_t *count)
{
    buf *b = &L->cells;
    b->len = 0;
    size_t nc = 0, k = 0;
    for (;;) {
        if (nc == L->cell_cap) {
            size_t cap = L->cell_cap ? L->cell_cap * 2 : 64;
            size_t *a = arena_raw_realloc(b->a, L->cell_at, cap * sizeof *a);
            if (!a) return false;
            L->cell_at = a;
            size_t *l = arena_raw_realloc(b->a, L->cell_len, cap * sizeof *l);
            if (!l) return false;
            L->cell_len = l;
            L->cell_cap = cap;
        }
        size_t start = b->len;
        if (k < n && p[k] == '"') {
            k++;
            for (; k < n; k++) {
                if (p[k] == '"') {
                    if (k + 1 < n && p[k + 1] == '"') {
                        buf_putc(b, '"');
                        k++;
                    } else {
                        k++;
                        break;
                    }
                } else {
                    buf_putc(b, p[k]);
                }
            }
            /* Text after the closing quote belongs to the cell too. */
            while (k < n && p[k] != L->delim) buf_putc(b, p[k++]);
        } else {
            size_t s = k;
            while (k < n && p[k] != L->delim) k++;
            buf_add(b, p + s, k - s);
        }
        if (b->oom) return false;
        L->cell_at[nc] = start;
        L->cell_len[nc] = b->len - start;
        nc++;
        if (k >= n) break;
        k++; /* the delimiter */
    }
    *count = nc;
    return true;
}

static void trim(const char **p, size_t *n)
{
    while (*n && (**p == ' ' || **p == '\t' || **p == '\r' || **p == '\n')) (*p)++, (*n)--;
    while (*n && ((*p)[*n - 1] == ' ' || (*p)[*n - 1] == '\t' ||
                  (*p)[*n - 1] == '\r' || (*p)[*n - 1] == '\n'))
        (*n)--;
}

/* ---- Names -------------------------------------------------------------------- */

static bool same_ci(const char *a, size_t n, const char *b)
{
    size_t m = strlen(b);
    if (n != m) return false;
    for (size_t k = 0; k < n; k++) {
        char x = a[k], y = b[k];
        if (x >= 'A' && x <= 'Z') x = (char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = (char)(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

/* Like same_ci, with spaces and hyphens in `a` read as '_'. */
static bool same_id(const char *a, size_t n, const char *b)
{
    size_t m = strlen(b);
    if (n != m) return false;
    for (size_t k = 0; k < n; k++) {
        char x = a[k], y = b[k];
        if (x >= 'A' && x <= 'Z') x = (char)(x - 'A' + 'a');
        if (x == ' ' || x == '-') x = '_';
        if (y >= 'A' && y <= 'Z') y = (char)(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

/* The spreadsheet's name of column k (0-based): A..Z, AA... */
static void col_letters(size_t k, char out[16])
{
    char t[16];
    size_t n = 0;
    k++;
    while (k && n < sizeof t - 1) {
        k--;
        t[n++] = (char)('A' + k % 26);
        k /= 26;
    }
    for (size_t i = 0; i < n; i++) out[i] = t[n - 1 - i];
    out[n] = '\0';
}

/* Finds the declarations of fact `key` (n bytes) of scope head/complaint
 * in every file of the ruleset; the count found.  *other is set when the
 * key is a fact of the other scope. */
static size_t find_fact(const remit_ruleset *rs, const char *key, size_t n,
                        bool head, remit_fact_info *decl, bool *other)
{
    size_t found = 0;
    *other = false;
    for (size_t f = 0; f < remit_ruleset_count(rs); f++)
        for (size_t i = 0; i < remit_ruleset_fact_count(rs, f); i++) {
            remit_fact_info fi;
            if (remit_ruleset_get_fact(rs, f, i, &fi) != REMIT_OK) continue;
            if (!same_ci(key, n, fi.key)) continue;
            if ((strcmp(fi.scope, "head") == 0) != head) {
                *other = true;
                continue;
            }
            if (found < CSV_MAX_DECLS) decl[found++] = fi;
            break;
        }
    return found;
}

/* ---- The header row ---------------------------------------------------------------- */

void csv_layout_free(const remit_ruleset *rs, csv_layout *L)
{
    if (!L) return;
    const arena *a = &rs->mem;
    for (size_t k = 0; k < L->ncols; k++) arena_raw_free(a, L->cols[k].key);
    arena_raw_free(a, L->cols);
    arena_raw_free(a, L->order);
    arena_raw_free(a, L->filled);
    arena_raw_free(a, L->cell_at);
    arena_raw_free(a, L->cell_len);
    buf_free(&L->cells);
    arena_raw_free(a, L);
}

char csv_delim(const csv_layout *L)
{
    return L ? L->delim : 0;
}

/* The delimiter a header row uses: the most frequent of , ; and tab
 * outside quotes (a comma when none). */
static char find_delim(const char *p, size_t n)
{
    size_t c[3] = {0, 0, 0};
    bool q = false;
    for (size_t k = 0; k < n; k++) {
        if (p[k] == '"') q = !q;
        else if (!q && p[k] == ',') c[0]++;
        else if (!q && p[k] == ';') c[1]++;
        else if (!q && p[k] == '\t') c[2]++;
    }
    if (c[1] > c[0] && c[1] >= c[2]) return ';';
    if (c[2] > c[0] && c[2] > c[1]) return '\t';
    return ',';
}

/* Adds a problem of the header to msg ("; "-separated, the first 6). */
static void header_problem(buf *msg, size_t *count, const char *fmt, ...)
    REMIT_PRINTF(3, 4);

static void header_problem(buf *msg, size_t *count, const char *fmt, ...)
{
    if ((*count)++ >= 6) return;
    if (*count > 1) buf_add(msg, "; ", 2);
    char t[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(t, sizeof t, fmt, ap);
    va_end(ap);
    if (n < 0) n = 0;
    if ((size_t)n >= sizeof t) n = (int)sizeof t - 1;
    buf_add(msg, t, (size_t)n);
}

/* Reads "heads.N.key": the head number (0: not a head column; UINT_MAX: a
 * bad number) and the key after it. */
static unsigned head_of(const char *p, size_t n, const char **key, size_t *klen)
{
    *key = p;
    *klen = n;
    if (n < 6 || !same_ci(p, 6, "heads.")) return 0;
    size_t k = 6;
    unsigned long v = 0;
    while (k < n && p[k] >= '0' && p[k] <= '9' && v <= CSV_MAX_HEADS) v = v * 10 + (unsigned long)(p[k++] - '0');
    if (k == 6 || k >= n || p[k] != '.' || v < 1 || v > CSV_MAX_HEADS) return (unsigned)-1;
    *key = p + k + 1;
    *klen = n - k - 1;
    return (unsigned)v;
}

static int cmp_order_ctx_sort(const column *cols, size_t a, size_t b)
{
    if (cols[a].head != cols[b].head) return cols[a].head < cols[b].head ? -1 : 1;
    return a < b ? -1 : a > b;
}

remit_status csv_header(const remit_ruleset *rs, csv_layout **layout_out,
                        buf *msg, const char *p, size_t n)
{
    const arena *a = &rs->mem;
    csv_layout *L = arena_raw_alloc(a, sizeof *L);
    *layout_out = L;
    if (!L) return REMIT_ENOMEM;
    memset(L, 0, sizeof *L);
    buf_init(&L->cells, a);
    if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
        p += 3; /* Excel's "CSV UTF-8" begins with a byte order mark */
        n -= 3;
    }
    L->delim = find_delim(p, n);
    size_t nc;
    if (!split_cells(L, p, n, &nc)) return REMIT_ENOMEM;
    L->cols = arena_raw_alloc(a, nc * sizeof *L->cols);
    L->order = arena_raw_alloc(a, nc * sizeof *L->order);
    if (!L->cols || !L->order) return REMIT_ENOMEM;
    memset(L->cols, 0, nc * sizeof *L->cols);
    L->ncols = nc;
    msg->len = 0;
    msg->oom = false;
    buf_puts(msg, "the header row (row 1) does not fit remit's CSV layout: ");
    size_t problems = 0, read = 0;
    for (size_t k = 0; k < nc; k++) {
        column *c = &L->cols[k];
        const char *name = L->cells.p + L->cell_at[k];
        size_t len = L->cell_len[k];
        trim(&name, &len);
        char letters[16];
        col_letters(k, letters);
        if (len == 0) continue; /* C_SKIP */
        char shown[128]; /* the name as messages quote it */
        csv_quote(name, len, shown, sizeof shown);
        const char *key;
        size_t klen;
        unsigned h = head_of(name, len, &key, &klen);
        if (h == (unsigned)-1 || (h && klen == 0)) {
            header_problem(msg, &problems,
                           "column %s (%s) is not heads.N.name with N from 1 to %u",
                           letters, shown, CSV_MAX_HEADS);
            continue;
        }
        bool other;
        c->head = h;
        if (same_ci(key, klen, "id")) {
            c->kind = C_ID;
        } else if (!h && same_ci(key, klen, "heads")) {
            header_problem(msg, &problems,
                           "column %s (heads): a head's facts each have a column, "
                           "heads.1.subject, heads.2.subject...",
                           letters);
            continue;
        } else if ((c->ndecl = find_fact(rs, key, klen, h != 0, c->decl, &other))) {
            c->kind = C_FACT;
            c->type = c->decl[0].type[0];
        } else if (other && h) {
            /* key is a fact's name: clean */
            header_problem(msg, &problems,
                           "column %s (%s): %.*s is a fact of the whole complaint, "
                           "not of a head; name the column %.*s",
                           letters, shown, (int)klen, key, (int)klen, key);
            continue;
        } else if (other) {
            header_problem(msg, &problems,
                           "column %s (%s): %.*s is a fact of a head; name the "
                           "column heads.1.%.*s (heads.2.%.*s for the second head...)",
                           letters, shown, (int)klen, key, (int)klen, key,
                           (int)klen, key);
            continue;
        } else if (h && same_ci(key, klen, "handling_of")) {
            c->kind = C_LIST;
        } else {
            c->kind = C_OTHER;
        }
        /* The member's name: the fact's own spelling, else as written. */
        const char *mk = c->kind == C_FACT ? c->decl[0].key
                       : c->kind == C_ID ? "id" : NULL;
        size_t ml = mk ? strlen(mk) : klen;
        c->key = arena_raw_alloc(a, ml + 1);
        if (!c->key) return REMIT_ENOMEM;
        memcpy(c->key, mk ? mk : key, ml);
        c->key[ml] = '\0';
        if (c->kind == C_LIST || c->kind == C_OTHER) {
            /* lower-case names stay as written; nothing else to do */
        }
        if (c->kind == C_ID || c->kind == C_FACT) read++;
        if (h > L->maxhead) L->maxhead = h;
        for (size_t j = 0; j < k; j++) {
            const column *d = &L->cols[j];
            if (d->key && d->head == c->head && strcmp(d->key, c->key) == 0) {
                char l2[16];
                col_letters(j, l2);
                header_problem(msg, &problems, "columns %s and %s are both %s",
                               l2, letters, shown);
                break;
            }
        }
    }
    if (!problems && !read) {
        char q[64];
        csv_quote(p, n, q, sizeof q);
        for (char *x = q; *x; x++)
            if (*x == '"') *x = '\'';
        header_problem(msg, &problems,
                       "none of its columns is one remit reads (\"%s\"); remit "
                       "schema --csv prints the header row to start from",
                       q);
    }
    if (problems > 6) {
        char t[64];
        snprintf(t, sizeof t, "; and %zu more", problems - 6);
        buf_puts(msg, t);
    }
    if (problems) return msg->oom ? REMIT_ENOMEM : REMIT_EINPUT;
    /* The JSON's order: complaint members, then head by head. */
    for (size_t k = 0; k < nc; k++) L->order[k] = k;
    for (size_t k = 1; k < nc; k++) { /* insertion sort: stable, small */
        size_t v = L->order[k], j = k;
        while (j && cmp_order_ctx_sort(L->cols, L->order[j - 1], v) > 0) {
            L->order[j] = L->order[j - 1];
            j--;
        }
        L->order[j] = v;
    }
    L->filled = arena_raw_alloc(a, (L->maxhead + 1) * sizeof *L->filled);
    if (!L->filled) return REMIT_ENOMEM;
    return REMIT_OK;
}

/* ---- Values ---------------------------------------------------------------------------- */

static bool digits(const char *p, size_t n)
{
    if (!n) return false;
    for (size_t k = 0; k < n; k++)
        if (p[k] < '0' || p[k] > '9') return false;
    return true;
}

/* An enum or set value as the cell holds it (its id, in any case, or its
 * label) to its id; NULL when none fits. */
static const char *value_id(const column *c, const char *p, size_t n)
{
    for (int pass = 0; pass < 3; pass++)
        for (size_t d = 0; d < c->ndecl; d++)
            for (size_t v = 0; v < c->decl[d].value_count; v++) {
                const char *id = c->decl[d].values[v];
                const char *label = c->decl[d].labels ? c->decl[d].labels[v] : NULL;
                if (pass == 0 && strlen(id) == n && memcmp(id, p, n) == 0) return id;
                if (pass == 1 && same_id(p, n, id)) return id;
                if (pass == 2 && label && label[0] && same_ci(p, n, label)) return id;
            }
    return NULL;
}

static void put_str(buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    buf_putc(b, '"');
    for (size_t k = 0; k < n; k++) {
        unsigned char c = (unsigned char)s[k];
        if (c == '"' || c == '\\') {
            buf_putc(b, '\\');
            buf_putc(b, (char)c);
        } else if (c < 0x20) {
            char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            buf_add(b, e, 6);
        } else {
            buf_putc(b, (char)c);
        }
    }
    buf_putc(b, '"');
}

/* A date as a spreadsheet writes it, to ISO 8601: 14/03/2024 (day first,
 * as in the UK), 2024/03/14, 2024-03-14 10:00:00, 03/2024.  False when
 * the cell is none of these (it is then given as written). */
static bool iso_date(const char *p, size_t n, char out[11], size_t *olen)
{
    size_t a = 0;
    while (a < n && p[a] >= '0' && p[a] <= '9') a++;
    if (a == 4 && n >= 10 && (p[4] == '-' || p[4] == '/') && digits(p + 5, 2) &&
        p[7] == p[4] && digits(p + 8, 2) && (n == 10 || p[10] == ' ' || p[10] == 'T')) {
        memcpy(out, p, 10);
        out[4] = out[7] = '-';
        *olen = 10;
        return true;
    }
    if ((a == 1 || a == 2) && a < n && p[a] == '/') {
        size_t b = a + 1, e = b;
        while (e < n && p[e] >= '0' && p[e] <= '9') e++;
        if (e - b == 4 && e == n) { /* 03/2024 */
            memcpy(out, p + b, 4);
            out[4] = '-';
            out[5] = a == 1 ? '0' : p[0];
            out[6] = p[a - 1];
            *olen = 7;
            return true;
        }
        if ((e - b == 1 || e - b == 2) && e < n && p[e] == '/' && n - e - 1 >= 4 &&
            digits(p + e + 1, 4) && (n == e + 5 || p[e + 5] == ' ')) {
            memcpy(out, p + e + 1, 4);
            out[4] = '-';
            out[5] = e - b == 1 ? '0' : p[b];
            out[6] = p[e - 1];
            out[7] = '-';
            out[8] = a == 1 ? '0' : p[0];
            out[9] = p[a - 1];
            *olen = 10;
            return true;
        }
    }
    return false;
}

/* The cell of column c as a JSON value. */
static void put_value(buf *b, const column *c, const char *p, size_t n)
{
    if (c->kind == C_LIST || (c->kind == C_FACT && c->type == 's')) {
        /* Several values: "a; b" (or "a, b" when no value has a comma). */
        char sep = memchr(p, ';', n) ? ';' : ',';
        if (sep == ',' && c->kind == C_FACT && value_id(c, p, n)) sep = ';';
        buf_putc(b, '[');
        size_t k = 0, items = 0;
        while (k <= n) {
            size_t e = k;
            while (e < n && p[e] != sep && p[e] != '\n') e++;
            const char *q = p + k;
            size_t m = e - k;
            trim(&q, &m);
            if (m) {
                if (items++) buf_putc(b, ',');
                const char *id = c->kind == C_FACT ? value_id(c, q, m) : NULL;
                if (id) put_str(b, id, strlen(id));
                else put_str(b, q, m);
            }
            k = e + 1;
        }
        buf_putc(b, ']');
        return;
    }
    if (c->kind == C_FACT) {
        switch (c->type) {
        case 'b':
            if (same_ci(p, n, "yes") || same_ci(p, n, "y") || same_ci(p, n, "true") ||
                (n == 1 && p[0] == '1')) {
                buf_add(b, "true", 4);
                return;
            }
            if (same_ci(p, n, "no") || same_ci(p, n, "n") || same_ci(p, n, "false") ||
                (n == 1 && p[0] == '0')) {
                buf_add(b, "false", 5);
                return;
            }
            break;
        case 'i': {
            size_t s = n && p[0] == '-' ? 1 : 0;
            if (n - s <= 15 && digits(p + s, n - s)) {
                buf_add(b, p, n);
                return;
            }
            break;
        }
        case 'd': {
            char iso[11];
            size_t il;
            if (iso_date(p, n, iso, &il)) {
                put_str(b, iso, il);
                return;
            }
            break;
        }
        case 'e': {
            const char *id = value_id(c, p, n);
            if (id) {
                put_str(b, id, strlen(id));
                return;
            }
            break;
        }
        default:
            break;
        }
    } else if (c->kind == C_OTHER && !c->head && strcmp(c->key, "format") == 0 &&
               n <= 9 && digits(p, n)) {
        buf_add(b, p, n);
        return;
    }
    put_str(b, p, n); /* as written: the evaluator says what is wrong */
}

/* ---- A data row ---------------------------------------------------------------------------- */

/* The row's id cell (the complaint's, not a head's), trimmed. */
static void row_id(const csv_layout *L, size_t nc, const char **id, size_t *id_len)
{
    for (size_t k = 0; k < L->ncols && k < nc; k++) {
        if (L->cols[k].kind != C_ID || L->cols[k].head) continue;
        const char *q = L->cells.p + L->cell_at[k];
        size_t m = L->cell_len[k];
        trim(&q, &m);
        if (m) {
            *id = q;
            *id_len = m;
        }
        return;
    }
}

remit_status csv_row(csv_layout *L, buf *t, unsigned long long row,
                     const char *p, size_t len, bool *blank, const char **id,
                     size_t *id_len)
{
    *id = NULL;
    *id_len = 0;
    t->len = 0;
    t->oom = false;
    *blank = false;
    size_t nc;
    if (!split_cells(L, p, len, &nc)) return REMIT_ENOMEM;
    const char *cells = L->cells.p ? L->cells.p : "";
    bool any = false;
    for (size_t k = 0; k < nc && !any; k++) {
        const char *q = cells + L->cell_at[k];
        size_t m = L->cell_len[k];
        trim(&q, &m);
        any = m > 0;
    }
    if (!any) {
        *blank = true;
        return REMIT_OK;
    }
    for (size_t k = L->ncols; k < nc; k++) {
        const char *q = cells + L->cell_at[k];
        size_t m = L->cell_len[k];
        trim(&q, &m);
        if (!m) continue;
        char letters[16];
        col_letters(k, letters);
        char msg[300];
        snprintf(msg, sizeof msg,
                 "row %llu, column %s: the row has %zu cells, but the header row "
                 "names only %zu columns (a delimiter inside a cell that is not "
                 "in quotes?)",
                 row, letters, nc, L->ncols);
        buf_puts(t, msg);
        row_id(L, nc, id, id_len);
        return t->oom ? REMIT_ENOMEM : REMIT_EINPUT;
    }
    memset(L->filled, 0, (L->maxhead + 1) * sizeof *L->filled);
    unsigned last = 0;
    for (size_t k = 0; k < L->ncols && k < nc; k++) {
        const column *c = &L->cols[k];
        if (c->kind == C_SKIP || !c->head) continue;
        const char *q = cells + L->cell_at[k];
        size_t m = L->cell_len[k];
        trim(&q, &m);
        if (!m) continue;
        L->filled[c->head] = true;
        if (c->head > last) last = c->head;
    }
    for (unsigned h = 1; h < last; h++)
        if (!L->filled[h]) {
            char msg[300];
            snprintf(msg, sizeof msg,
                     "row %llu: head %u is empty, but head %u is filled in; fill "
                     "the heads in from heads.1 on, without gaps",
                     row, h, last);
            buf_puts(t, msg);
            row_id(L, nc, id, id_len);
            return t->oom ? REMIT_ENOMEM : REMIT_EINPUT;
        }
    buf_putc(t, '{');
    bool first = true;
    unsigned open = 0; /* the head whose object is open */
    for (size_t i = 0; i < L->ncols; i++) {
        size_t k = L->order[i];
        const column *c = &L->cols[k];
        if (c->kind == C_SKIP || k >= nc || c->head > last) continue;
        if (c->head != open) {
            /* Heads with no column of their own still get {} (none here:
             * every head up to `last` has a filled cell). */
            buf_add(t, open ? "}," : (first ? "\"heads\":[" : ",\"heads\":["),
                    open ? 2 : (first ? 9 : 10));
            for (unsigned h = open + 1; h < c->head; h++) buf_add(t, "{},", 3);
            buf_putc(t, '{');
            open = c->head;
            first = true;
        }
        const char *q = cells + L->cell_at[k];
        size_t m = L->cell_len[k];
        trim(&q, &m);
        if (!m) continue; /* empty: unknown */
        if (!first) buf_putc(t, ',');
        first = false;
        put_str(t, c->key, strlen(c->key));
        buf_putc(t, ':');
        put_value(t, c, q, m);
    }
    if (open) buf_add(t, "}]", 2);
    buf_putc(t, '}');
    return t->oom ? REMIT_ENOMEM : REMIT_OK;
}

/* ---- Clean text for messages --------------------------------------------------------------- */

size_t csv_char_len(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    if (!n) return 0;
    unsigned char c = p[0];
    if (c < 0x80) return c < 0x20 || c == 0x7f ? 0 : 1;
    size_t k = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
    if (!k || c > 0xf4 || k > n) return 0;
    for (size_t m = 1; m < k; m++)
        if ((p[m] & 0xc0) != 0x80) return 0;
    /* No overlong forms, surrogates, code points past U+10FFFF or C1
     * controls. */
    if ((c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] >= 0xa0) ||
        (c == 0xf0 && p[1] < 0x90) || (c == 0xf4 && p[1] >= 0x90) ||
        (c == 0xc2 && p[1] < 0xa0))
        return 0;
    return k;
}

bool csv_clean(const char *p, size_t n)
{
    for (size_t k = 0; k < n;) {
        size_t l = csv_char_len(p + k, n - k);
        if (!l) return false;
        k += l;
    }
    return true;
}

const char *csv_quote(const char *p, size_t n, char *out, size_t size)
{
    size_t o = 0, k = 0;
    while (k < n) {
        size_t l = csv_char_len(p + k, n - k);
        size_t w = l ? l : 1;
        if (o + w + 4 > size) {
            memcpy(out + o, "...", 3);
            o += 3;
            break;
        }
        if (l) memcpy(out + o, p + k, l);
        else out[o] = '?';
        o += w;
        k += w;
    }
    out[o] = '\0';
    return out;
}

/* ---- Positions and the header row to start from ---------------------------------------- */

void csv_column_of_pointer(buf *b, const char *ptr)
{
    /* "/heads/0/subject/..." -> heads.1.subject; "/nation" -> nation */
    if (strncmp(ptr, "/heads/", 7) == 0 && ptr[7] >= '0' && ptr[7] <= '9') {
        const char *p = ptr + 7;
        unsigned long long v = strtoull(p, (char **)&p, 10);
        char t[32];
        snprintf(t, sizeof t, "heads.%llu", v + 1);
        buf_puts(b, t);
        if (*p == '/') {
            const char *e = strchr(p + 1, '/');
            buf_putc(b, '.');
            buf_add(b, p + 1, e ? (size_t)(e - p - 1) : strlen(p + 1));
        }
        return;
    }
    const char *p = ptr[0] == '/' ? ptr + 1 : ptr;
    const char *e = strchr(p, '/');
    buf_add(b, p, e ? (size_t)(e - p) : strlen(p));
}

remit_status remit_ruleset_csv_header(const remit_ruleset *rs, unsigned heads,
                                      char **csv_out)
{
    if (!csv_out) return REMIT_EINVAL;
    *csv_out = NULL;
    if (!rs || heads == 0 || heads > CSV_MAX_HEADS) return REMIT_EINVAL;
    buf b;
    buf_init(&b, &rs->mem);
    buf_puts(&b, "id");
    /* Complaint facts, then head facts for each head; a key declared by
     * several files once, in the order first declared. */
    for (int pass = 0; pass <= (int)heads; pass++) {
        bool head = pass > 0;
        for (size_t f = 0; f < remit_ruleset_count(rs); f++)
            for (size_t i = 0; i < remit_ruleset_fact_count(rs, f); i++) {
                remit_fact_info fi;
                if (remit_ruleset_get_fact(rs, f, i, &fi) != REMIT_OK) continue;
                if ((strcmp(fi.scope, "head") == 0) != head) continue;
                bool seen = false;
                for (size_t g = 0; g < f && !seen; g++)
                    for (size_t j = 0; j < remit_ruleset_fact_count(rs, g) && !seen; j++) {
                        remit_fact_info gi;
                        if (remit_ruleset_get_fact(rs, g, j, &gi) == REMIT_OK &&
                            strcmp(gi.key, fi.key) == 0 &&
                            strcmp(gi.scope, fi.scope) == 0)
                            seen = true;
                    }
                if (seen) continue;
                buf_putc(&b, ',');
                if (head) {
                    char t[32];
                    snprintf(t, sizeof t, "heads.%d.", pass);
                    buf_puts(&b, t);
                }
                buf_puts(&b, fi.key);
            }
    }
    buf_add(&b, "\r\n", 2);
    if (b.oom) {
        buf_free(&b);
        return REMIT_ENOMEM;
    }
    *csv_out = b.p;
    return REMIT_OK;
}
