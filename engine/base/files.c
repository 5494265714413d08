/* SPDX-License-Identifier: Apache-2.0 */
/*
 * files.c -- reading whole files and listing the YAML files of a folder.
 * Consumes paths; produces file text and sorted names through an arena's
 * allocator (files.h).
 */
#include "files.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

char *files_read(const arena *a, const char *path, size_t stop,
                 size_t *len_out)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    size_t cap = 65536, len = 0;
    char *p = arena_raw_alloc(a, cap);
    bool oom = !p;
    while (p) {
        if (len + 1 >= cap) {
            if (cap >= stop) break;
            char *q = arena_raw_realloc(a, p, cap * 2);
            if (!q) {
                arena_raw_free(a, p);
                p = NULL;
                oom = true;
                break;
            }
            p = q;
            cap *= 2;
        }
        size_t got = fread(p + len, 1, cap - len - 1, fp);
        len += got;
        if (got == 0) break;
    }
    bool err = ferror(fp);
    fclose(fp);
    if (err) {
        arena_raw_free(a, p);
        errno = EIO;
        return NULL;
    }
    if (oom) {
        errno = ENOMEM;
        return NULL;
    }
    p[len] = '\0';
    *len_out = len;
    return p;
}

bool files_is_yaml(const char *n)
{
    size_t l = strlen(n);
    return (l > 5 && strcmp(n + l - 5, ".yaml") == 0) ||
           (l > 4 && strcmp(n + l - 4, ".yml") == 0);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

remit_status files_list_yaml(arena *a, const char *dir, char **names,
                             size_t max, size_t *n_out, bool *more_out)
{
    *n_out = 0;
    *more_out = false;
    DIR *d = opendir(dir);
    if (!d) return REMIT_EIO;
    size_t n = 0;
    remit_status st = REMIT_OK;
    const char *sep = dir[0] && dir[strlen(dir) - 1] == '/' ? "" : "/";
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' || !files_is_yaml(e->d_name)) continue;
        if (n == max) {
            *more_out = true;
            break;
        }
        size_t l = strlen(dir) + strlen(e->d_name) + 2;
        names[n] = arena_alloc(a, l);
        if (!names[n]) {
            st = REMIT_ENOMEM;
            break;
        }
        snprintf(names[n], l, "%s%s%s", dir, sep, e->d_name);
        n++;
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_str);
    *n_out = n;
    return st;
}

remit_status files_is_dir(const char *path, bool *dir_out, remit_diagnostics *d)
{
    struct stat sb;
    *dir_out = false;
    if (stat(path, &sb) != 0) {
        diag_pos pos = {path, 0, 0, NULL, NULL};
        diag_add(d, REMIT_EIO, REMIT_SEVERITY_ERROR, "io", &pos,
                 "cannot open: %s", strerror(errno));
        return REMIT_EIO;
    }
    *dir_out = S_ISDIR(sb.st_mode);
    return REMIT_OK;
}

remit_status files_list_rules(arena *a, const char *dir, char **names,
                              size_t *n_out, remit_diagnostics *d)
{
    diag_pos pos = {dir, 0, 0, NULL, NULL};
    bool more;
    remit_status st = files_list_yaml(a, dir, names, REMIT_MAX_RULE_FILES, n_out, &more);
    if (st == REMIT_EIO) {
        diag_add(d, REMIT_EIO, REMIT_SEVERITY_ERROR, "io", &pos,
                 "cannot open directory: %s", strerror(errno));
        return REMIT_EIO;
    }
    if (more) {
        diag_add(d, REMIT_ERULES, REMIT_SEVERITY_ERROR, "too-many-files",
                 &pos, "more than %u rule files", REMIT_MAX_RULE_FILES);
        st = REMIT_ERULES;
    }
    if (st == REMIT_OK && *n_out == 0) {
        diag_add(d, REMIT_ERULES, REMIT_SEVERITY_ERROR, "no-rules", &pos,
                 "no rule files (*.yaml) in this directory");
        st = REMIT_ERULES;
    }
    return st;
}
