/* Settings rows as HDF5 attributes; see gsae/settings_attrs.h. */
#include "gsae/settings_attrs.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include "gsae/h5.h"
#include "gsae/names.h"

gsae_status gsae_setting_attr_write(hid_t fid, const char *where, const gsae_setting *row, const void *obj) {
  double v = gsae_setting_get(row, obj);
  const char *name = gsae_setting_attr(row);
  switch (row->type) {
    case GSAE_SET_CHOICE: return gsae_h5_attr_write_string(fid, where, name, gsae_name_of(row->choices, (int)v));
    case GSAE_SET_INT:
    case GSAE_SET_SWITCH: return gsae_h5_attr_write_int(fid, where, name, (int64_t)v);
    case GSAE_SET_REAL: return gsae_h5_attr_write_double(fid, where, name, v);
  }
  return GSAE_OK;
}

gsae_status gsae_setting_attr_read(hid_t fid, const char *where, const gsae_setting *row, double *value, int *found,
                                   const char *file) {
  const char *name = gsae_setting_attr(row);
  *value = row->def;
  *found = H5Aexists_by_name(fid, where, name, H5P_DEFAULT) > 0;
  if (!*found) return GSAE_OK;
  if (row->type == GSAE_SET_CHOICE) {
    char text[64];
    GSAE_CALL(gsae_h5_attr_read_string(fid, where, name, text, sizeof text, file));
    int k = gsae_name_lookup(row->choices, text);
    if (k < 0) return gsae_fail(GSAE_ERR_DATA, "%s: attribute %s = '%s' is not one of its names", file, name, text);
    *value = k;
    return GSAE_OK;
  }
  if (row->type == GSAE_SET_REAL) {
    GSAE_CALL(gsae_h5_attr_read_double(fid, where, name, value, file));
  } else {
    int64_t v = 0;
    GSAE_CALL(gsae_h5_attr_read_int(fid, where, name, &v, file));
    *value = (double)v;
  }
  if (gsae_setting_check(row, *value, GSAE_STYLE_KEY) != GSAE_OK) {
    char why[256];
    snprintf(why, sizeof why, "%s", gsae_error_message());
    return gsae_fail(GSAE_ERR_DATA, "%s: attribute %s: %s", file, name, why);
  }
  return GSAE_OK;
}

gsae_status gsae_setting_attr_check(hid_t fid, const gsae_setting *row, double want, const char *file) {
  double have;
  int found;
  GSAE_CALL(gsae_setting_attr_read(fid, "/", row, &have, &found, file));
  if (have == want || (isnan(have) && isnan(want))) return GSAE_OK;
  char flag[64], a[64], b[64];
  gsae_setting_label(row, GSAE_STYLE_FLAG, flag, sizeof flag);
  gsae_setting_format(row, have, a, sizeof a);
  gsae_setting_format(row, want, b, sizeof b);
  return gsae_fail(GSAE_ERR_ARG,
                   "%s: checkpoint was made with %s %s, this run asks for %s (use the same settings to resume, or "
                   "remove the checkpoint)",
                   file, flag, a, b);
}
