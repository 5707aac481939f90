/* Training settings as HDF5 root attributes (internal to src/train). */
#ifndef GSAE_TRAIN_CONFIG_ATTRS_H
#define GSAE_TRAIN_CONFIG_ATTRS_H

#include <hdf5.h>

#include "gsae/train.h"

gsae_status config_attrs_write(hid_t fid, const char *obj, const gsae_train_config *c);
gsae_status config_attrs_check(hid_t fid, const gsae_train_config *c, const char *path);

#endif
