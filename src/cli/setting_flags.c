/* Flags from settings rows; see setting_flags.h. */
#include "setting_flags.h"

#include <math.h>
#include <stdio.h>

static arg_type type_of(const gsae_setting *s) {
  if (s->type == GSAE_SET_CHOICE) return ARG_CHOICE;
  if (s->type == GSAE_SET_SWITCH) return ARG_FLAG;
  switch (s->store) {
    case GSAE_STORE_SIZE: return ARG_SIZE;
    case GSAE_STORE_I64: return ARG_I64;
    case GSAE_STORE_U64: return ARG_U64;
    case GSAE_STORE_DOUBLE:
    case GSAE_STORE_INT: break;
  }
  return ARG_DOUBLE;
}

size_t setting_flags(const gsae_setting *table, size_t count, void *obj, setting_flag_text *text, arg_spec *specs) {
  for (size_t k = 0; k < count; ++k) {
    const gsae_setting *s = &table[k];
    char label[64], dflt[64];
    gsae_setting_label(s, GSAE_STYLE_FLAG, label, sizeof label);
    snprintf(text[k].name, sizeof text[k].name, "%s", label + 2);
    if (isnan(s->def)) snprintf(dflt, sizeof dflt, "%s", s->unset_text ? s->unset_text : "unset");
    else if (s->type == GSAE_SET_SWITCH) snprintf(dflt, sizeof dflt, "%s", s->def ? "on" : "off");
    else gsae_setting_format(s, s->def, dflt, sizeof dflt);
    const char *only = s->opts & GSAE_SET_UNFOLDED ? "unfolded: " : s->opts & GSAE_SET_TIED ? "tied: " : "";
    snprintf(text[k].help, sizeof text[k].help, "%s%s (default %s)", only, s->help, dflt);
    specs[k] = (arg_spec){text[k].name, type_of(s), (char *)obj + s->offset, text[k].help, 0, s->choices, 0, NULL};
  }
  return count;
}
