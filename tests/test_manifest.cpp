// The sweep manifest: an exact roundtrip (ids, every value, NaN and enum choices included), an
// atomic write that leaves no temporary file, and one error line naming file and object.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <dirent.h>
#include <unistd.h>

#include "test_util.hpp"

extern "C" {
#include "gsae/h5.h"
#include "gsae/manifest.h"
}

namespace {
std::string temp_dir() {
  const char *base = getenv("TMPDIR");
  std::string tmpl = std::string(base && *base ? base : "/tmp") + "/gsae-manifest.XXXXXX";
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  EXPECT_NE(mkdtemp(buf.data()), nullptr);
  return buf.data();
}

std::vector<std::string> files_in(const std::string &dir) {
  std::vector<std::string> out;
  DIR *d = opendir(dir.c_str());
  while (dirent *e = d ? readdir(d) : nullptr)
    if (e->d_name[0] != '.') out.push_back(e->d_name);
  if (d) closedir(d);
  return out;
}

void remove_tree(const std::string &dir) {
  for (const auto &f : files_in(dir)) remove((dir + "/" + f).c_str());
  rmdir(dir.c_str());
}

gsae_point make_point(size_t index, unsigned salt) {
  gsae_point pt;
  memset(&pt, 0, sizeof pt);
  pt.index = index;
  for (size_t p = 0; p < gsae_param_count(); ++p) {
    const gsae_setting *info = gsae_param(p);
    size_t choices = 0;
    while (info->choices && info->choices[choices]) ++choices;
    if (info->type == GSAE_SET_CHOICE) pt.value[p] = (double)((index + salt) % choices);
    else if (info->type == GSAE_SET_SWITCH) pt.value[p] = (double)((index + salt) % 2);
    else if (info->type == GSAE_SET_INT) pt.value[p] = (double)(index * 7 + p + salt);
    else pt.value[p] = 0.1 * (double)(index + 1) + 1e-3 * p + 1.0 / 3.0;  // not exact in decimal
  }
  snprintf(pt.id, sizeof pt.id, "%016llx", 0x1234abcd00000000ULL + index * 977 + salt);
  snprintf(pt.data_id, sizeof pt.data_id, "%016llx", 0xfeedbeef00000000ULL + index / 2);
  return pt;
}

bool same_value(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }
}  // namespace

TEST(Manifest, RoundtripIsExactWithNaNAndEnums) {
  std::string dir = temp_dir(), path = dir + "/sweep.h5";
  std::vector<gsae_point> pts;
  for (size_t i = 0; i < 7; ++i) pts.push_back(make_point(i * 3 + 1, 5));  // indices need not be 0..P-1
  pts[2].value[P("init_delta")] = NAN;                                     // unset real
  pts[4].value[P("train_seed")] = NAN;                                     // unset int
  pts[5].value[P("model")] = NAN;                                          // unset enum
  pts[6].value[P("lambda")] = 1e-300;
  pts[1].value[P("snr_db")] = -7.25;
  const char *spec = "name: rt\n# a comment, \"quotes\" and UTF-8: λ ≥ 0\nlambda: [1, 2]\n";
  ASSERT_EQ(gsae_manifest_write(path.c_str(), "rt", spec, pts.data(), pts.size()), GSAE_OK) << gsae_error_message();
  EXPECT_EQ(files_in(dir), std::vector<std::string>{"sweep.h5"}) << "the temporary file must be renamed away";

  char *name = nullptr, *text = nullptr;
  gsae_point *back = nullptr;
  size_t count = 0;
  ASSERT_EQ(gsae_manifest_read(path.c_str(), &name, &text, &back, &count), GSAE_OK) << gsae_error_message();
  EXPECT_STREQ(name, "rt");
  EXPECT_STREQ(text, spec);
  ASSERT_EQ(count, pts.size());
  for (size_t i = 0; i < count; ++i) {
    EXPECT_EQ(back[i].index, pts[i].index);
    EXPECT_STREQ(back[i].id, pts[i].id);
    EXPECT_STREQ(back[i].data_id, pts[i].data_id);
    for (size_t p = 0; p < gsae_param_count(); ++p)
      EXPECT_TRUE(same_value(back[i].value[p], pts[i].value[p]))
          << "point " << i << " " << gsae_setting_key(gsae_param(p)) << ": " << back[i].value[p] << " vs "
          << pts[i].value[p];
  }
  free(name);
  free(text);
  free(back);

  // the columns are what h5py / pandas see: enum as its choice name, "" when unset
  hid_t fid;
  ASSERT_EQ(gsae_h5_open(path.c_str(), MPI_COMM_NULL, 0, &fid), GSAE_OK);
  char desc[512];
  EXPECT_EQ(gsae_h5_attr_read_string(fid, "/points/lambda", "description", desc, sizeof desc, "m"), GSAE_OK);
  EXPECT_STREQ(desc, gsae_param(P("lambda"))->help);
  EXPECT_EQ(gsae_h5_attr_read_string(fid, "/points/model", "parameter_kind", desc, sizeof desc, "m"), GSAE_OK);
  EXPECT_STREQ(desc, "enum");
  char format[64];
  EXPECT_EQ(gsae_h5_attr_read_string(fid, "/", "format", format, sizeof format, "m"), GSAE_OK);
  EXPECT_STREQ(format, "gsae-sweep");
  H5Fclose(fid);
  remove_tree(dir);
}

TEST(Manifest, EmptySweepAndRewrite) {
  std::string dir = temp_dir(), path = dir + "/sweep.h5";
  ASSERT_EQ(gsae_manifest_write(path.c_str(), "empty", "name: empty\n", nullptr, 0), GSAE_OK) << gsae_error_message();
  char *name = nullptr, *text = nullptr;
  gsae_point *back = nullptr;
  size_t count = 9;
  ASSERT_EQ(gsae_manifest_read(path.c_str(), &name, &text, &back, &count), GSAE_OK) << gsae_error_message();
  EXPECT_EQ(count, 0u);
  free(name);
  free(text);
  free(back);
  // a second writer replaces the file whole
  gsae_point pt = make_point(0, 1);
  ASSERT_EQ(gsae_manifest_write(path.c_str(), "again", "name: again\n", &pt, 1), GSAE_OK) << gsae_error_message();
  ASSERT_EQ(gsae_manifest_read(path.c_str(), &name, &text, &back, &count), GSAE_OK) << gsae_error_message();
  EXPECT_EQ(count, 1u);
  EXPECT_STREQ(name, "again");
  EXPECT_STREQ(back[0].id, pt.id);
  free(name);
  free(text);
  free(back);
  EXPECT_EQ(files_in(dir).size(), 1u);
  remove_tree(dir);
}

TEST(Manifest, ErrorsNameFileAndObject) {
  std::string dir = temp_dir(), path = dir + "/sweep.h5";
  char *name = nullptr, *text = nullptr;
  gsae_point *back = nullptr;
  size_t count = 0;
  EXPECT_EQ(gsae_manifest_read(path.c_str(), &name, &text, &back, &count), GSAE_ERR_IO);
  EXPECT_NE(std::string(gsae_error_message()).find("sweep.h5: no such file"), std::string::npos)
      << gsae_error_message();

  gsae_point bad = make_point(3, 0);
  bad.value[P("model")] = 7;  // no such choice
  EXPECT_EQ(gsae_manifest_write(path.c_str(), "x", "", &bad, 1), GSAE_ERR_ARG);
  EXPECT_NE(std::string(gsae_error_message()).find("model = 7 is not one of its choices"), std::string::npos)
      << gsae_error_message();
  EXPECT_TRUE(files_in(dir).empty()) << "a failed write must leave nothing behind";

  // a manifest missing one column
  std::vector<gsae_point> pts = {make_point(0, 0), make_point(1, 0)};
  ASSERT_EQ(gsae_manifest_write(path.c_str(), "x", "", pts.data(), pts.size()), GSAE_OK);
  hid_t fid;
  ASSERT_EQ(gsae_h5_open(path.c_str(), MPI_COMM_NULL, 1, &fid), GSAE_OK);
  H5Ldelete(fid, "/points/lr", H5P_DEFAULT);
  H5Fclose(fid);
  EXPECT_EQ(gsae_manifest_read(path.c_str(), &name, &text, &back, &count), GSAE_ERR_DATA);
  EXPECT_NE(std::string(gsae_error_message()).find("sweep.h5: dataset /points/lr is missing"), std::string::npos)
      << gsae_error_message();
  EXPECT_EQ(back, nullptr);

  // another kind of file
  ASSERT_EQ(gsae_h5_create(path.c_str(), MPI_COMM_NULL, &fid), GSAE_OK);
  gsae_h5_attr_write_string(fid, "/", "format", "gsae-run");
  H5Fclose(fid);
  EXPECT_EQ(gsae_manifest_read(path.c_str(), &name, &text, &back, &count), GSAE_ERR_DATA);
  EXPECT_NE(std::string(gsae_error_message()).find("not a sweep manifest (root attribute format is 'gsae-run'"),
            std::string::npos)
      << gsae_error_message();
  remove_tree(dir);
}
