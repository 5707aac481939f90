/* Settings rows as HDF5 attributes of an object (the root of run files, checkpoints and data
 * sets): a choice as its name (string), an integer or switch as int64, a real as float64. */
#ifndef GSAE_SETTINGS_ATTRS_H
#define GSAE_SETTINGS_ATTRS_H

#include <hdf5.h>

#include "gsae/settings.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The row's value in obj (the owner's struct) as attribute gsae_setting_attr(row) of `where`. */
gsae_status gsae_setting_attr_write(hid_t fid, const char *where, const gsae_setting *row, const void *obj);
/* The row's attribute as a value (*found = 0 and *value = the row's default when the file has no
 * such attribute: it was written before the setting existed). The value is checked against the
 * row: a choice that is not one of the names, or a number out of range, is an error naming file
 * and attribute. */
gsae_status gsae_setting_attr_read(hid_t fid, const char *where, const gsae_setting *row, double *value, int *found,
                                   const char *file);
/* Resume check: the file's value must equal `want` ("file: checkpoint was made with --lambda 1,
 * this run asks for 2 (use the same settings to resume, or remove the checkpoint)"). */
gsae_status gsae_setting_attr_check(hid_t fid, const gsae_setting *row, double want, const char *file);

#ifdef __cplusplus
}
#endif
#endif
