/* The keys a sweep spec may name: the generator's settings rows, then training's (their order is
 * the canonical order of the ids), then the sweep's own (preset). No list of its own: a setting
 * declared in its owner's table is a sweep key, a manifest and summary column and a part of the id. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gsae/sweep.h"

/* preset: a point's named set of training defaults (gsae_train_preset_values); the spec's own keys
 * win. Not part of the id (the values it sets are), and bound to no struct. */
static const gsae_setting sweep_settings[] = {
    {"preset", GSAE_SET_CHOICE, GSAE_STORE_INT, 0, NAN, 0, 0, gsae_train_preset_names,
     "a named set of training settings (gsae train --help lists them); the spec's own keys override it",
     GSAE_SCOPE_NONE, GSAE_SET_UNSET_OK | GSAE_SET_OMIT_AT_DEFAULT | GSAE_SET_NO_ATTR},
};

typedef struct {
  size_t count;
  const gsae_setting *row[GSAE_PARAM_MAX];
  gsae_param_owner owner[GSAE_PARAM_MAX];
} param_list;

static const param_list *params(void) {
  static param_list list;
  if (list.count) return &list;
  struct {
    const gsae_setting *rows;
    size_t n;
    gsae_param_owner owner;
  } tables[] = {{gsae_gen_settings, gsae_gen_settings_count, GSAE_OWNER_GEN},
                {gsae_train_settings, gsae_train_settings_count, GSAE_OWNER_TRAIN},
                {sweep_settings, sizeof sweep_settings / sizeof *sweep_settings, GSAE_OWNER_SWEEP}};
  size_t n = 0;
  for (size_t t = 0; t < sizeof tables / sizeof *tables; ++t)
    for (size_t k = 0; k < tables[t].n; ++k) {
      if (tables[t].rows[k].opts & GSAE_SET_NO_KEY) continue;
      if (n == GSAE_PARAM_MAX) {
        fprintf(stderr, "gsae: internal error: more than GSAE_PARAM_MAX = %d sweep keys\n", GSAE_PARAM_MAX);
        break;
      }
      list.row[n] = &tables[t].rows[k];
      list.owner[n++] = tables[t].owner;
    }
  list.count = n;
  return &list;
}

size_t gsae_param_count(void) { return params()->count; }

const gsae_setting *gsae_param(size_t p) { return params()->row[p]; }

gsae_param_owner gsae_param_owner_of(size_t p) { return params()->owner[p]; }

int gsae_param_lookup(const char *key) {
  const param_list *l = params();
  for (size_t p = 0; p < l->count; ++p)
    if (strcmp(gsae_setting_key(l->row[p]), key) == 0) return (int)p;
  return -1;
}

double gsae_param_default(size_t p) {
  const gsae_setting *s = gsae_param(p);
  return s->opts & GSAE_SET_SWEEP_UNSET ? NAN : s->def;
}

void gsae_param_defaults(double value[GSAE_PARAM_MAX]) {
  for (size_t p = 0; p < gsae_param_count(); ++p) value[p] = gsae_param_default(p);
}
