/* Settings descriptor tables: each settings group (the generator's, in src/data/gen_settings.c;
 * training's, in src/train/config.c) declares every setting once, as one row, in the manner of
 * PETSc's PetscOptionsReal(name, help, ..., default, &target). The row drives everything else:
 *
 *   the struct's defaults               gsae_settings_defaults
 *   command-line flags and --help       src/cli/setting_flags.c (flag = --name with '_' -> '-')
 *   validation, one line naming it      gsae_setting_check / gsae_settings_check
 *   HDF5 root attributes, resume check  gsae_settings_attrs_write / _check (src/io/settings_attrs.c)
 *   sweep keys, canonical text and ids  gsae_param (src/sweep/params.c: the generator's rows, then
 *                                       training's; the order is the canonical order)
 *   gsae inspect's sections, summary parameter_kind and scope
 *
 * A value travels as a double: integers exactly (up to 2^53), choices as their index, switches as
 * 0 / 1, NaN = unset (allowed where the row says GSAE_SET_UNSET_OK). */
#ifndef GSAE_SETTINGS_H
#define GSAE_SETTINGS_H

#include <stddef.h>

#include "gsae/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { GSAE_SET_INT, GSAE_SET_REAL, GSAE_SET_CHOICE, GSAE_SET_SWITCH } gsae_setting_type;

/* The C type of the struct field the row binds (offset into the owner's struct). */
typedef enum { GSAE_STORE_SIZE, GSAE_STORE_I64, GSAE_STORE_U64, GSAE_STORE_INT, GSAE_STORE_DOUBLE } gsae_setting_store;

/* Which id a setting enters: the data set's (and so the point's), the point's only, or neither
 * (settings that do not change the result, such as how often to checkpoint). */
typedef enum { GSAE_SCOPE_DATA, GSAE_SCOPE_POINT, GSAE_SCOPE_NONE } gsae_setting_scope;

/* gsae_setting.opts */
enum {
  GSAE_SET_LO_OPEN = 1u << 0,         /* lo itself is excluded */
  GSAE_SET_UNSET_OK = 1u << 1,        /* NaN (unset) is a valid value */
  GSAE_SET_OMIT_AT_DEFAULT = 1u << 2, /* added after the first sweep version: left out of the canonical
                                         text while it holds its default, so every id computed before
                                         it existed is unchanged */
  GSAE_SET_SWEEP_UNSET = 1u << 3,     /* in a sweep it starts unset and the point derives it
                                         (the training seed from the data seed, the
                                         initialisation from the initial value given) */
  GSAE_SET_NO_KEY = 1u << 4,          /* not a sweep key (the sweep has its own way to set it) */
  GSAE_SET_NO_ATTR = 1u << 5,         /* not written to the run file */
  GSAE_SET_NO_RESUME = 1u << 6,       /* may change between a checkpoint and its resume (epochs, ...) */
  GSAE_SET_UNFOLDED = 1u << 7,        /* training: applies to the unfolded encoder only */
  GSAE_SET_TIED = 1u << 8             /* training: applies to the tied encoder only */
};

typedef struct {
  const char *name;           /* snake_case: the HDF5 attribute, the flag (--name, '_' as '-') */
  gsae_setting_type type;
  gsae_setting_store store;
  size_t offset;              /* of the field in the owner's struct */
  double def;                 /* default (NaN = unset) */
  double lo, hi;              /* allowed range (INT / REAL) */
  const char *const *choices; /* GSAE_SET_CHOICE: NULL-terminated names; the value is the index */
  const char *help;           /* one line, without the default (added where it is printed) */
  gsae_setting_scope scope;
  unsigned opts;              /* GSAE_SET_* */
  const char *key;            /* the sweep key and summary column, when it differs from name
                                 (training's seed is train_seed beside the data's seed) */
  const char *attr;           /* the HDF5 attribute, when it differs from name */
  const char *unset_text;     /* --help's word for the unset default ("the data set's") */
} gsae_setting;

/* How a message names a setting: "--batch-size" on the command line, "batch_size" in a spec. */
typedef enum { GSAE_STYLE_FLAG, GSAE_STYLE_KEY } gsae_setting_style;

const char *gsae_setting_key(const gsae_setting *s);  /* key, or name */
const char *gsae_setting_attr(const gsae_setting *s); /* attr, or name */
/* "--batch-size" or "batch_size" */
void gsae_setting_label(const gsae_setting *s, gsae_setting_style style, char *buf, size_t cap);

double gsae_setting_get(const gsae_setting *s, const void *obj);
/* NaN (unset) is stored only in a double field; an integer field keeps its value. */
void gsae_setting_set(const gsae_setting *s, void *obj, double value);

/* Text -> value: a number, a choice name, or for a switch 0/1/true/false/yes/no/on/off; "unset"
 * where the row allows it. Checked against the row's range. */
gsae_status gsae_setting_parse(const gsae_setting *s, const char *text, gsae_setting_style style, double *out);
/* The value against the row's range and choices ("lambda must be >= 0 (got -1)"). */
gsae_status gsae_setting_check(const gsae_setting *s, double value, gsae_setting_style style);
/* Integers without a decimal point, reals in the shortest text that reads back exactly, choices
 * by name, switches 0 / 1, "unset" for NaN. */
void gsae_setting_format(const gsae_setting *s, double value, char *buf, size_t cap);
/* "int" (also switches, 0 / 1), "real" or "enum" (choices): the parameter_kind of a summary column. */
const char *gsae_setting_kind_name(const gsae_setting *s);
/* "data", "train" or "run": the scope attribute of a summary column. */
const char *gsae_setting_scope_name(const gsae_setting *s);

/* Row by name or key; NULL if none. */
const gsae_setting *gsae_settings_find(const gsae_setting *table, size_t count, const char *name);
void gsae_settings_defaults(const gsae_setting *table, size_t count, void *obj);
/* Every row's value against its range. */
gsae_status gsae_settings_check(const gsae_setting *table, size_t count, const void *obj, gsae_setting_style style);

#ifdef __cplusplus
}
#endif
#endif
