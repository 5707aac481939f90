/* Column tables in memory: filter, sort, print; see include/gsae/table.h. */
#include "gsae/table.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define EQ_RTOL 1e-9
#define TEXT_CELL_MAX 60 /* longer text is cut in the aligned table */

const char *const gsae_out_format_names[] = {"table", "csv", "json", "markdown", NULL};

static char *dup_text(const char *s) {
  size_t len = strlen(s);
  char *d = gsae_malloc(len + 1, "table text");
  if (d) memcpy(d, s, len + 1);
  return d;
}

gsae_status gsae_table_read(hid_t fid, const char *group, const char *file, gsae_table *t) {
  memset(t, 0, sizeof *t);
  char **names = NULL;
  size_t n = 0;
  gsae_status st = GSAE_OK;
  GSAE_CALL(gsae_column_list(fid, group, &names, &n, file));
  t->file = dup_text(file);
  GSAE_TRY(t->file ? GSAE_OK : GSAE_ERR_MEMORY);
  GSAE_TRY_ALLOC(t->cols, n ? n : 1, "table columns");
  for (size_t c = 0; c < n; ++c) {
    char dset[512];
    snprintf(dset, sizeof dset, "%s/%s", group, names[c]);
    GSAE_TRY(gsae_column_read(fid, dset, &t->cols[c], file));
    t->ncols = c + 1;
    if (c > 0 && t->cols[c].count != t->cols[0].count)
      GSAE_TRY(gsae_fail(GSAE_ERR_DATA, "%s: %s has %zu entries but %s/%s has %zu (columns must have equal lengths)",
                         file, dset, t->cols[c].count, group, t->cols[0].name, t->cols[0].count));
  }
  t->nrows = n ? t->cols[0].count : 0;
  t->nsel = t->nrows;
  GSAE_TRY_ALLOC(t->rows, t->nrows ? t->nrows : 1, "table rows");
  for (size_t r = 0; r < t->nrows; ++r) t->rows[r] = r;
cleanup:
  gsae_column_names_free(names, n);
  if (st != GSAE_OK) gsae_table_free(t);
  return st;
}

void gsae_table_free(gsae_table *t) {
  for (size_t c = 0; c < t->ncols; ++c) gsae_column_free(&t->cols[c]);
  free(t->cols);
  free(t->rows);
  free(t->file);
  memset(t, 0, sizeof *t);
}

long gsae_table_find(const gsae_table *t, const char *name) {
  for (size_t c = 0; c < t->ncols; ++c)
    if (strcmp(t->cols[c].name, name) == 0) return (long)c;
  return -1;
}

static int same_num(double a, double b) { return (isnan(a) && isnan(b)) || a == b; }

int gsae_table_varies(const gsae_table *t, size_t c) {
  const gsae_column *col = &t->cols[c];
  for (size_t r = 1; r < t->nrows; ++r)
    if (col->kind == GSAE_COL_STRING ? strcmp(col->str[r], col->str[0]) != 0 : !same_num(col->num[r], col->num[0]))
      return 1;
  return 0;
}

/* "no column 'x' in FILE (columns: a, b, ...)" */
static gsae_status unknown_column(const gsae_table *t, const char *what, const char *name) {
  char list[1024] = "";
  size_t len = 0;
  for (size_t c = 0; c < t->ncols && len < sizeof list; ++c)
    len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", c ? ", " : "", t->cols[c].name);
  return gsae_fail(GSAE_ERR_ARG, "%s: no column '%s' in %s (columns: %s)", what, name, t->file, list);
}

typedef enum { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE } where_op;

static int num_holds(double x, where_op op, double v) {
  if (isnan(v) || isnan(x)) {
    if (op == OP_EQ) return isnan(v) && isnan(x);
    if (op == OP_NE) return isnan(v) != isnan(x);
    return 0;
  }
  int eq = fabs(x - v) <= EQ_RTOL * fmax(fabs(x), fabs(v));
  switch (op) {
    case OP_EQ: return eq;
    case OP_NE: return !eq;
    case OP_LT: return x < v && !eq;
    case OP_LE: return x < v || eq;
    case OP_GT: return x > v && !eq;
    case OP_GE: return x > v || eq;
  }
  return 0;
}

gsae_status gsae_table_where(gsae_table *t, const char *cond) {
  size_t klen = strcspn(cond, "=!<>");
  const char *o = cond + klen;
  where_op op;
  size_t olen = 1;
  if (o[0] == '=') op = OP_EQ;
  else if (o[0] == '!' && o[1] == '=') op = OP_NE, olen = 2;
  else if (o[0] == '<') op = o[1] == '=' ? (olen = 2, OP_LE) : OP_LT;
  else if (o[0] == '>') op = o[1] == '=' ? (olen = 2, OP_GE) : OP_GT;
  else
    return gsae_fail(GSAE_ERR_ARG, "--where '%s': expected COLUMN=VALUE (or !=, <, <=, >, >=)", cond);
  if (klen == 0) return gsae_fail(GSAE_ERR_ARG, "--where '%s': no column name before the operator", cond);
  char key[256];
  snprintf(key, sizeof key, "%.*s", (int)(klen < sizeof key - 1 ? klen : sizeof key - 1), cond);
  const char *value = o + olen;
  long c = gsae_table_find(t, key);
  if (c < 0) return unknown_column(t, "--where", key);
  const gsae_column *col = &t->cols[c];
  size_t kept = 0;
  if (col->kind == GSAE_COL_STRING) {
    if (op != OP_EQ && op != OP_NE)
      return gsae_fail(GSAE_ERR_ARG, "--where '%s': column %s holds text; compare it with = or !=", cond, key);
    for (size_t i = 0; i < t->nsel; ++i) {
      int eq = strcmp(col->str[t->rows[i]], value) == 0;
      if (eq == (op == OP_EQ)) t->rows[kept++] = t->rows[i];
    }
  } else {
    double v;
    if (strcmp(value, "nan") == 0 || strcmp(value, "unset") == 0) {
      v = NAN;
    } else {
      char *end;
      errno = 0;
      v = strtod(value, &end);
      if (value[0] == '\0' || *end || errno)
        return gsae_fail(GSAE_ERR_ARG, "--where '%s': column %s holds numbers, '%s' is not one", cond, key, value);
    }
    for (size_t i = 0; i < t->nsel; ++i)
      if (num_holds(col->num[t->rows[i]], op, v)) t->rows[kept++] = t->rows[i];
  }
  t->nsel = kept;
  return GSAE_OK;
}

/* Merge sort of rows by column (stable; qsort is not). */
static int row_before(const gsae_column *col, int desc, size_t a, size_t b) {
  if (col->kind == GSAE_COL_STRING) {
    int c = strcmp(col->str[a], col->str[b]);
    return desc ? c > 0 : c < 0;
  }
  double x = col->num[a], y = col->num[b];
  if (isnan(x) || isnan(y)) return !isnan(x) && isnan(y); /* NaN last */
  return desc ? x > y : x < y;
}

static void merge_sort(size_t *v, size_t *tmp, size_t n, const gsae_column *col, int desc) {
  if (n < 2) return;
  size_t h = n / 2;
  merge_sort(v, tmp, h, col, desc);
  merge_sort(v + h, tmp, n - h, col, desc);
  size_t i = 0, j = h, k = 0;
  while (i < h && j < n) tmp[k++] = row_before(col, desc, v[j], v[i]) ? v[j++] : v[i++];
  while (i < h) tmp[k++] = v[i++];
  while (j < n) tmp[k++] = v[j++];
  memcpy(v, tmp, n * sizeof *v);
}

gsae_status gsae_table_sort(gsae_table *t, const char *spec) {
  int desc = spec[0] == '-';
  const char *name = spec + desc;
  long c = gsae_table_find(t, name);
  if (c < 0) return unknown_column(t, "--sort", name);
  size_t *tmp;
  GSAE_ALLOC(tmp, t->nsel ? t->nsel : 1, "sort buffer");
  merge_sort(t->rows, tmp, t->nsel, &t->cols[c], desc);
  free(tmp);
  return GSAE_OK;
}

gsae_status gsae_table_columns(const gsae_table *t, const char *list, size_t **idx, size_t *n) {
  size_t cap = 1;
  for (const char *p = list; *p; ++p) cap += *p == ',';
  GSAE_ALLOC(*idx, cap, "column list");
  *n = 0;
  const char *p = list;
  while (1) {
    size_t len = strcspn(p, ",");
    char name[256];
    snprintf(name, sizeof name, "%.*s", (int)(len < sizeof name - 1 ? len : sizeof name - 1), p);
    if (len == 0) {
      free(*idx);
      *idx = NULL;
      return gsae_fail(GSAE_ERR_ARG, "--columns '%s': empty column name", list);
    }
    long c = gsae_table_find(t, name);
    if (c < 0) {
      free(*idx);
      *idx = NULL;
      return unknown_column(t, "--columns", name);
    }
    (*idx)[(*n)++] = (size_t)c;
    if (!p[len]) break;
    p += len + 1;
  }
  return GSAE_OK;
}

void gsae_json_string(FILE *f, const char *s) {
  fputc('"', f);
  for (const unsigned char *p = (const unsigned char *)s; *p; ++p) {
    if (*p == '"' || *p == '\\') fprintf(f, "\\%c", *p);
    else if (*p == '\n') fputs("\\n", f);
    else if (*p == '\t') fputs("\\t", f);
    else if (*p < 0x20) fprintf(f, "\\u%04x", *p);
    else fputc(*p, f);
  }
  fputc('"', f);
}

void gsae_csv_field(FILE *f, const char *s) {
  if (!strpbrk(s, ",\"\r\n")) {
    fputs(s, f);
    return;
  }
  fputc('"', f);
  for (const char *p = s; *p; ++p) {
    if (*p == '"') fputc('"', f);
    fputc(*p, f);
  }
  fputc('"', f);
}

/* A cell as text for the given output format (markdown: as the table's, strings whole). */
static void cell(const gsae_column *col, size_t r, gsae_out_format fmt, char *buf, size_t cap) {
  if (fmt == GSAE_OUT_MARKDOWN && col->kind != GSAE_COL_STRING) fmt = GSAE_OUT_TEXT;
  if (col->kind == GSAE_COL_STRING) {
    const char *s = col->str[r];
    if (fmt == GSAE_OUT_TEXT && strlen(s) > TEXT_CELL_MAX) snprintf(buf, cap, "%.*s...", TEXT_CELL_MAX - 3, s);
    else snprintf(buf, cap, "%s", s);
    return;
  }
  double x = col->num[r];
  if (isnan(x)) snprintf(buf, cap, "%s", fmt == GSAE_OUT_TEXT && col->parameter_kind[0] ? "unset" : "nan");
  else if (col->kind == GSAE_COL_INT) snprintf(buf, cap, "%lld", (long long)x);
  else if (fmt != GSAE_OUT_TEXT) snprintf(buf, cap, "%.17g", x);
  else if (strcmp(col->parameter_kind, "int") == 0) snprintf(buf, cap, "%.0f", x);
  else snprintf(buf, cap, "%.6g", x);
}

void gsae_table_print(FILE *f, const gsae_table *t, const size_t *idx, size_t n, gsae_out_format fmt) {
  char buf[8192];
  if (fmt == GSAE_OUT_JSON) {
    fputs("[", f);
    for (size_t i = 0; i < t->nsel; ++i) {
      fputs(i ? ",\n  {" : "\n  {", f);
      for (size_t k = 0; k < n; ++k) {
        const gsae_column *col = &t->cols[idx[k]];
        size_t r = t->rows[i];
        if (k) fputs(", ", f);
        gsae_json_string(f, col->name);
        fputs(": ", f);
        if (col->kind == GSAE_COL_STRING) {
          gsae_json_string(f, col->str[r]);
        } else if (!isfinite(col->num[r])) {
          fputs("null", f);
        } else {
          cell(col, r, fmt, buf, sizeof buf);
          fputs(buf, f);
        }
      }
      fputs("}", f);
    }
    fputs(t->nsel ? "\n]\n" : "]\n", f);
    return;
  }
  if (fmt == GSAE_OUT_CSV) {
    for (size_t k = 0; k < n; ++k) {
      if (k) fputc(',', f);
      gsae_csv_field(f, t->cols[idx[k]].name);
    }
    fputc('\n', f);
    for (size_t i = 0; i < t->nsel; ++i) {
      for (size_t k = 0; k < n; ++k) {
        if (k) fputc(',', f);
        cell(&t->cols[idx[k]], t->rows[i], fmt, buf, sizeof buf);
        gsae_csv_field(f, buf);
      }
      fputc('\n', f);
    }
    return;
  }
  if (fmt == GSAE_OUT_MARKDOWN) { /* a GitHub table: header, rule, rows; '|' in a cell escaped */
    for (size_t i = 0; i <= t->nsel + 1; ++i) {
      for (size_t k = 0; k < n; ++k) {
        const gsae_column *col = &t->cols[idx[k]];
        if (i == 1) {
          fputs(col->kind == GSAE_COL_STRING ? "|---" : "|--:", f);
          continue;
        }
        if (i) cell(col, t->rows[i - 2], fmt, buf, sizeof buf);
        else snprintf(buf, sizeof buf, "%s", col->name);
        fputs("| ", f);
        for (const char *p = buf; *p; ++p) {
          if (*p == '|') fputc('\\', f);
          fputc(*p, f);
        }
        fputc(' ', f);
      }
      fputs("|\n", f);
    }
    return;
  }
  size_t *width = calloc(n ? n : 1, sizeof *width);
  if (!width) return;
  for (size_t k = 0; k < n; ++k) {
    width[k] = strlen(t->cols[idx[k]].name);
    for (size_t i = 0; i < t->nsel; ++i) {
      cell(&t->cols[idx[k]], t->rows[i], fmt, buf, sizeof buf);
      if (strlen(buf) > width[k]) width[k] = strlen(buf);
    }
  }
  for (size_t i = 0; i <= t->nsel; ++i) { /* i = 0: the header */
    for (size_t k = 0; k < n; ++k) {
      const gsae_column *col = &t->cols[idx[k]];
      if (i) cell(col, t->rows[i - 1], fmt, buf, sizeof buf);
      else snprintf(buf, sizeof buf, "%s", col->name);
      int left = col->kind == GSAE_COL_STRING, last = k + 1 == n;
      fprintf(f, "%s%*s", k ? "  " : "", left ? (last ? 0 : -(int)width[k]) : (int)width[k], buf);
    }
    fputc('\n', f);
  }
  free(width);
}
