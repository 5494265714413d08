/*
 * complaint.c -- the complaint JSON adapter: the only file that includes
 * cJSON.  Consumes the complaint text; checks its syntax and shape and reads
 * each declared fact into a value slot (absent or null: unknown), reporting
 * problems with the JSON pointer of the member at fault.  cJSON's tree never
 * leaves this file.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "date.h"
#include "result.h"

struct complaint_doc {
    cJSON *root;
    const cJSON *heads; /* array or NULL */
    const char *name;
};

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
    /* The offending line, for the caret. */
    size_t ls = at;
    while (ls > 0 && text[ls - 1] != '\n') ls--;
    char shown[200];
    size_t n = 0;
    while (ls + n < len && text[ls + n] != '\n' && text[ls + n] != '\0' &&
           n < sizeof shown - 1) {
        shown[n] = text[ls + n];
        n++;
    }
    shown[n] = '\0';
    pos.source_line = n ? shown : NULL;
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

/* Appends a pointer token, escaped per RFC 6901. */
static void ptr_token(buf *b, const char *s)
{
    buf_putc(b, '/');
    for (; *s; s++) {
        if (*s == '~') buf_add(b, "~0", 2);
        else if (*s == '/') buf_add(b, "~1", 2);
        else buf_putc(b, *s);
    }
}

static unsigned depth_of(const cJSON *j, unsigned limit)
{
    unsigned best = 0;
    for (const cJSON *c = j->child; c; c = c->next) {
        unsigned d = depth_of(c, limit);
        if (d > best) best = d;
        if (best >= limit) break;
    }
    return best + 1;
}

static bool check_duplicates(const cJSON *obj, const char *prefix, buf *tmp,
                             const char *name, remit_diagnostics *d)
{
    bool ok = true;
    for (const cJSON *a = obj->child; a; a = a->next)
        for (const cJSON *b = a->next; b; b = b->next)
            if (a->string && b->string && strcmp(a->string, b->string) == 0) {
                tmp->len = 0;
                buf_puts(tmp, prefix);
                ptr_token(tmp, b->string);
                diag_pos pos = {name, 0, 0, buf_cstr(tmp), NULL};
                diag_add(d, REMIT_EINPUT, REMIT_SEVERITY_ERROR,
                         "duplicate-member", &pos,
                         "member \"%s\" appears more than once", b->string);
                ok = false;
                break;
            }
    return ok;
}

/* True when the text stops inside a string or with brackets still open
 * (and every bracket closed so far matched): the JSON was cut short.
 * cJSON then points at the last character, which is not the problem. */
static bool cut_short(const char *text, size_t len)
{
    char open[512];
    size_t depth = 0;
    bool in_str = false, esc = false;
    for (size_t k = 0; k < len; k++) {
        char ch = text[k];
        if (in_str) {
            if (esc) esc = false;
            else if (ch == '\\') esc = true;
            else if (ch == '"') in_str = false;
            continue;
        }
        if (ch == '"') {
            in_str = true;
        } else if (ch == '{' || ch == '[') {
            if (depth == sizeof open) return false;
            open[depth++] = ch;
        } else if (ch == '}' || ch == ']') {
            if (depth == 0 || open[depth - 1] != (ch == '}' ? '{' : '['))
                return false;
            depth--;
        }
    }
    return in_str || depth > 0;
}

complaint_doc *complaint_parse(const char *text, size_t len, const char *name,
                               remit_diagnostics *d, bool *oom)
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
    size_t skip = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) skip = 3; /* BOM */
    size_t k = skip;
    while (k < len && (text[k] == ' ' || text[k] == '\t' || text[k] == '\n' ||
                       text[k] == '\r'))
        k++;
    if (k == len) {
        json_error(d, name, text, len, len, "json-syntax",
                   "invalid JSON: the input is empty");
        return NULL;
    }
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(text + skip, len - skip, &end, 0);
    if (!root) {
        size_t at = end ? (size_t)(end - text) : len;
        if (at >= len || cut_short(text, len))
            json_error(d, name, text, len, len, "json-syntax",
                       "invalid JSON: the text ends before the JSON value "
                       "is complete");
        else {
            char msg[128];
            unsigned char ch = (unsigned char)text[at];
            if (ch >= 0x20 && ch < 0x7f)
                snprintf(msg, sizeof msg, "invalid JSON: unexpected '%c'", ch);
            else
                snprintf(msg, sizeof msg,
                         "invalid JSON: unexpected byte 0x%02x", ch);
            json_error(d, name, text, len, at, "json-syntax", msg);
        }
        return NULL;
    }
    size_t at = (size_t)(end - text);
    while (at < len && (text[at] == ' ' || text[at] == '\t' ||
                        text[at] == '\n' || text[at] == '\r'))
        at++;
    if (at < len) {
        json_error(d, name, text, len, at, "json-trailing",
                   "invalid JSON: more text after the complaint's closing "
                   "brace");
        cJSON_Delete(root);
        return NULL;
    }
    if (!cJSON_IsObject(root)) {
        diag_add(d, REMIT_EINPUT, REMIT_SEVERITY_ERROR, "json-type", &whole,
                 "a complaint must be a JSON object, not %s", json_kind(root));
        cJSON_Delete(root);
        return NULL;
    }
    if (depth_of(root, REMIT_MAX_JSON_DEPTH + 1) > REMIT_MAX_JSON_DEPTH) {
        diag_add(d, REMIT_EINPUT, REMIT_SEVERITY_ERROR, "json-too-deep",
                 &whole, "complaint nested more than %u levels deep",
                 REMIT_MAX_JSON_DEPTH);
        cJSON_Delete(root);
        return NULL;
    }
    arena tmpa;
    arena_init(&tmpa, NULL, NULL);
    buf tmp;
    buf_init(&tmp, &tmpa);
    bool ok = check_duplicates(root, "", &tmp, name, d);
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
            tmp.len = 0;
            buf_printf(&tmp, "/heads/%d", i);
            if (!cJSON_IsObject(h)) {
                diag_pos hp = {name, 0, 0, buf_cstr(&tmp), NULL};
                diag_add(d, REMIT_EINPUT, REMIT_SEVERITY_ERROR, "json-type",
                         &hp, "a head of complaint must be an object, not %s",
                         json_kind(h));
                ok = false;
            } else {
                char prefix[32];
                snprintf(prefix, sizeof prefix, "/heads/%d", i);
                ok = check_duplicates(h, prefix, &tmp, name, d) && ok;
            }
        }
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
    if (tmp.oom) *oom = true;
    if (!ok || *oom) {
        cJSON_Delete(root);
        return NULL;
    }
    complaint_doc *doc = arena_default_alloc(NULL, NULL, sizeof *doc);
    if (!doc) {
        *oom = true;
        cJSON_Delete(root);
        return NULL;
    }
    doc->root = root;
    doc->heads = heads;
    doc->name = name;
    return doc;
}

void complaint_free(complaint_doc *doc)
{
    if (!doc) return;
    cJSON_Delete(doc->root);
    arena_default_alloc(NULL, doc, 0);
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
        if (strcmp(f->values[k].value, s) == 0) return (int)k;
    return -1;
}

/* Shows a JSON value briefly in a message: strings quoted and cut. */
static void shown(const cJSON *j, char *out, size_t size)
{
    if (cJSON_IsString(j))
        snprintf(out, size, "\"%.60s%s\"", j->valuestring,
                 strlen(j->valuestring) > 60 ? "..." : "");
    else
        snprintf(out, size, "%s", json_kind(j));
}

/* Reads one member j as fact f into *v. */
static void read_value(xctx *x, const fact_def *f, const cJSON *j, value *v)
{
    memset(v, 0, sizeof *v);
    if (cJSON_IsNull(j)) return;
    char s[96]; /* the value as shown in a message, made only for one */
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
        if (dv != floor(dv) || fabs(dv) > 9007199254740991.0) {
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
        if (!date_parse(j->valuestring, strlen(j->valuestring), &v->i)) {
            shown(j, s, sizeof s);
            const char *t = j->valuestring;
            bool shape = strlen(t) == 10 && t[4] == '-' && t[7] == '-';
            if (shape)
                bad(x, "bad-date", "%s is not a real date", s);
            else
                bad(x, "bad-date",
                    "expected a date \"YYYY-MM-DD\" (ISO 8601), found %s", s);
            return;
        }
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
    if (other)
        diag_add(x->d, REMIT_EINPUT, sev, "misplaced-member", &p,
                 "\"%s\" is not read here: %s", name, other);
    else if (x->strict)
        diag_add(x->d, REMIT_EINPUT, sev, "unknown-member", &p,
                 "unknown member \"%s\" (not a fact of ruleset %s; "
                 "see 'remit facts')", name, x->f->id);
    else
        diag_add(x->d, REMIT_EINPUT, sev, "unknown-member", &p,
                 "unknown member \"%s\" is ignored (not a fact of "
                 "ruleset %s; see 'remit facts')",
                 name, x->f->id);
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
    for (const cJSON *m = obj->child; m; m = m->next) {
        if (!m->string) continue;
        if (scope == SCOPE_COMPLAINT && plen == 0 &&
            (strcmp(m->string, "id") == 0 || strcmp(m->string, "heads") == 0))
            continue;
        x->ptr.len = base;
        x->pending = m->string;
        size_t nl = strlen(m->string);
        int slot = plen + nl < 256 ? fact_at(x->f, scope, prefix, plen, m->string)
                                   : -1;
        if (slot >= 0) {
            read_value(x, &x->f->facts[slot], m, &vals[slot]);
            continue;
        }
        if (plen + nl + 1 < 256 && holds_facts(x->f, scope, prefix, plen, m->string)) {
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

remit_status complaint_extract(const complaint_doc *doc, const rsfile *f,
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
    }
    if (x.ptr.oom) x.oom = true;
    buf_free(&x.ptr);
    if (x.oom) return REMIT_ENOMEM;
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
