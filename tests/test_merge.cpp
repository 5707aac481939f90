// gsae merge on a sweep folder built here by hand: every status (complete, failed, running,
// interrupted, missing, corrupt in three ways), final metrics equal to the last trace entries
// exactly, NaN-padded trace matrices, the report, and the same result on 1, 2 and 4 ranks.
#include <gtest/gtest.h>
#include <mpi.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test_util.hpp"

extern "C" {
#include "gsae/h5.h"
#include "gsae/manifest.h"
#include "gsae/merge.h"
#include "gsae/table.h"
}

namespace {
const std::vector<std::string> kStd = {"loss",         "dict_error",    "subspace_error", "support_exact",
                                       "group_precision", "group_recall", "active_groups",  "seconds"};

struct RunFile {
  std::string status, reason, point_id;
  std::map<std::string, std::vector<double>> traces;
  std::map<std::string, double> theory;
};

std::vector<double> ramp(size_t len, double start) {
  std::vector<double> v(len);
  for (size_t e = 0; e < len; ++e) v[e] = start / (1.0 + e) + 1.0 / 3.0;
  return v;
}

void write_run(const std::string &path, const RunFile &r) {
  hid_t fid;
  ASSERT_EQ(gsae_h5_create(path.c_str(), MPI_COMM_NULL, &fid), GSAE_OK);
  gsae_h5_attr_write_string(fid, "/", "format", "gsae-run");
  gsae_h5_attr_write_int(fid, "/", "format_version", 1);
  gsae_h5_attr_write_string(fid, "/", "status", r.status.c_str());
  gsae_h5_attr_write_string(fid, "/", "status_reason", r.reason.c_str());
  if (!r.point_id.empty()) gsae_h5_attr_write_string(fid, "/", "point_id", r.point_id.c_str());
  for (const auto &kv : r.theory) {
    if (kv.first == "lemma1_lambda_in_range") gsae_h5_attr_write_int(fid, "/", kv.first.c_str(), (int64_t)kv.second);
    else gsae_h5_attr_write_double(fid, "/", kv.first.c_str(), kv.second);
  }
  for (const auto &kv : r.traces) {
    std::string name = "/trace/" + kv.first;
    ASSERT_EQ(gsae_h5_trace_create(fid, name.c_str(), ("test trace " + kv.first).c_str(), "u", path.c_str()), GSAE_OK);
    ASSERT_EQ(gsae_h5_trace_write(fid, name.c_str(), 0, kv.second.data(), kv.second.size(), path.c_str()), GSAE_OK);
  }
  ASSERT_EQ(gsae_h5_close(fid, path.c_str()), GSAE_OK);
}

std::string temp_dir() {
  const char *base = getenv("TMPDIR");
  std::string tmpl = std::string(base && *base ? base : "/tmp") + "/gsae-merge.XXXXXX";
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  EXPECT_NE(mkdtemp(buf.data()), nullptr);
  return buf.data();
}

void remove_tree(const std::string &dir) {
  DIR *d = opendir(dir.c_str());
  while (dirent *e = d ? readdir(d) : nullptr) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    std::string p = dir + "/" + e->d_name;
    struct stat sb;
    if (stat(p.c_str(), &sb) == 0 && S_ISDIR(sb.st_mode)) remove_tree(p);
    else remove(p.c_str());
  }
  if (d) closedir(d);
  rmdir(dir.c_str());
}

std::vector<gsae_point> make_points(size_t n) {
  std::vector<gsae_point> pts(n);
  for (size_t i = 0; i < n; ++i) {
    memset(&pts[i], 0, sizeof pts[i]);
    pts[i].index = i;
    for (size_t p = 0; p < gsae_param_count(); ++p) pts[i].value[p] = 1;
    pts[i].value[P("model")] = (double)(i % 2);         // varies: group / soft
    pts[i].value[P("lambda")] = 0.5 * (double)(i + 1);  // varies
    pts[i].value[P("init_delta")] = NAN;                // fixed, unset
    snprintf(pts[i].id, sizeof pts[i].id, "%016llx", 0xabc0000000000000ULL + i);
    snprintf(pts[i].data_id, sizeof pts[i].data_id, "%016llx", 0xd000000000000000ULL);
  }
  return pts;
}

// The folder: 7 points, one per case.
std::vector<RunFile> build_sweep(const std::string &dir, std::vector<gsae_point> &pts) {
  pts = make_points(7);
  mkdir((dir + "/points").c_str(), 0775);
  EXPECT_EQ(gsae_manifest_write((dir + "/sweep.h5").c_str(), "t", "name: t\n", pts.data(), pts.size()), GSAE_OK)
      << gsae_error_message();
  std::vector<RunFile> runs(7);
  for (const auto &t : kStd) runs[0].traces[t] = ramp(5, 10.0 + t.size());  // complete, 4 epochs
  runs[0].status = "complete";
  runs[0].point_id = pts[0].id;
  runs[0].theory = {{"block_coherence", 0.25}, {"snr_db_measured", 9.5}, {"init_corr_measured", 0.15},
                    {"init_delta_measured", 0.3}, {"lemma1_lambda_low", 1.5}, {"lemma1_lambda_high", 2.5},
                    {"lemma1_lambda_in_range", 0}};
  for (const auto &t : kStd) runs[1].traces[t] = ramp(3, 20.0 + t.size());  // failed at epoch 2
  runs[1].traces["custom"] = {7, 8, 9.25};
  runs[1].status = "failed";
  runs[1].reason = "training diverged at epoch 2, lambda \"big\", see, commas";
  for (const auto &t : kStd) runs[2].traces[t] = ramp(3, 30.0);  // running, a writer between appends
  runs[2].traces["loss"] = ramp(4, 31.0);
  runs[2].status = "running";
  runs[4].status = "complete";  // (4 is garbage bytes, written below)
  for (const auto &t : kStd) runs[5].traces[t] = ramp(2, 1.0);  // another point's file under this id
  runs[5].status = "complete";
  runs[5].point_id = "ffffffffffffffff";
  runs[6].status = "interrupted";  // no traces yet
  runs[6].reason = "stopped by SIGTERM at epoch 0 after writing its checkpoint";
  for (size_t i = 0; i < 7; ++i) {
    std::string path = dir + "/points/" + pts[i].id + ".h5";
    if (i == 3) continue;  // missing
    if (i == 4) {
      FILE *f = fopen(path.c_str(), "wb");
      fputs("this is not HDF5", f);
      fclose(f);
      continue;
    }
    write_run(path, runs[i]);
  }
  return runs;
}

std::string broadcast(std::string s) {
  int len = (int)s.size();
  MPI_Bcast(&len, 1, MPI_INT, 0, MPI_COMM_WORLD);
  s.resize((size_t)len);
  MPI_Bcast(&s[0], len, MPI_CHAR, 0, MPI_COMM_WORLD);
  return s;
}

const gsae_column &col(const gsae_table &t, const char *name) {
  long c = gsae_table_find(&t, name);
  EXPECT_GE(c, 0) << "no column " << name;
  return t.cols[c < 0 ? 0 : c];
}

bool same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }
}  // namespace

TEST(MpiMerge, EveryStatusAndExactFinalMetricsOnAnyRankCount) {
  int rank;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  std::string dir;
  std::vector<gsae_point> pts;
  std::vector<RunFile> runs;
  if (rank == 0) {
    dir = temp_dir();
    runs = build_sweep(dir, pts);
  }
  dir = broadcast(dir);
  gsae_merge_result res;
  gsae_status st = gsae_merge(MPI_COMM_WORLD, dir.c_str(), nullptr, "test merge", &res);
  ASSERT_EQ(st, GSAE_OK) << gsae_error_message();
  EXPECT_EQ(res.count, 7u);
  EXPECT_STREQ(res.name, "t");
  EXPECT_EQ(res.counts[GSAE_RUN_COMPLETE], 1u);
  EXPECT_EQ(res.counts[GSAE_RUN_FAILED], 1u);
  EXPECT_EQ(res.counts[GSAE_RUN_RUNNING], 1u);
  EXPECT_EQ(res.counts[GSAE_RUN_INTERRUPTED], 1u);
  EXPECT_EQ(res.counts[GSAE_RUN_MISSING], 1u);
  EXPECT_EQ(res.counts[GSAE_RUN_CORRUPT], 2u);
  if (rank == 0) {
    std::string summary = dir + "/summary.h5";
    hid_t fid;
    ASSERT_EQ(gsae_h5_open(summary.c_str(), MPI_COMM_NULL, 0, &fid), GSAE_OK) << gsae_error_message();
    gsae_table t;
    ASSERT_EQ(gsae_table_read(fid, "/points", summary.c_str(), &t), GSAE_OK) << gsae_error_message();
    ASSERT_EQ(t.nrows, 7u);
    const char *want_status[] = {"complete", "failed", "running", "missing", "corrupt", "corrupt", "interrupted"};
    const double want_epochs[] = {4, 2, 2, -1, -1, -1, -1};
    for (size_t i = 0; i < 7; ++i) {
      EXPECT_STREQ(col(t, "status").str[i], want_status[i]) << "point " << i;
      EXPECT_STREQ(col(t, "id").str[i], pts[i].id);
      EXPECT_EQ(col(t, "index").num[i], (double)i);
      EXPECT_EQ(col(t, "lambda").num[i], pts[i].value[P("lambda")]);
      EXPECT_STREQ(col(t, "model").str[i], i % 2 ? "soft" : "group");
      EXPECT_TRUE(std::isnan(col(t, "init_delta").num[i]));
      EXPECT_EQ(col(t, "epochs_done").num[i], want_epochs[i]) << "point " << i;
      EXPECT_EQ(col(t, "epochs_done").kind, GSAE_COL_INT);
      for (const auto &m : kStd) {
        double want = NAN;
        if (i <= 2) want = runs[i].traces[m][(size_t)want_epochs[i]];  // the last common entry
        EXPECT_TRUE(same(col(t, m.c_str()).num[i], want)) << "point " << i << " " << m << ": "
                                                          << col(t, m.c_str()).num[i] << " vs " << want;
      }
      EXPECT_TRUE(same(col(t, "custom").num[i], i == 1 ? 9.25 : NAN)) << "point " << i;
      EXPECT_TRUE(same(col(t, "lemma1_lambda_in_range").num[i], i == 0 ? 0.0 : NAN));
      EXPECT_TRUE(same(col(t, "block_coherence").num[i], i == 0 ? 0.25 : NAN));
    }
    EXPECT_STREQ(col(t, "status_reason").str[1], runs[1].reason.c_str());
    EXPECT_STREQ(col(t, "status_reason").str[6], runs[6].reason.c_str());
    EXPECT_NE(std::string(col(t, "status_reason").str[3]).find("no such file"), std::string::npos);
    EXPECT_NE(std::string(col(t, "status_reason").str[4]).find("not an HDF5 file"), std::string::npos);
    EXPECT_NE(std::string(col(t, "status_reason").str[5]).find("belongs to point ffffffffffffffff"),
              std::string::npos);
    EXPECT_STREQ(col(t, "status_reason").str[0], "");
    gsae_table_free(&t);

    // traces: (P, E+1) with E the most epochs, NaN after each point's last one
    hsize_t dims[2];
    ASSERT_EQ(gsae_h5_shape(fid, "/traces/dict_error", 2, dims, "s"), GSAE_OK);
    EXPECT_EQ(dims[0], 7u);
    EXPECT_EQ(dims[1], 5u);
    std::vector<double> m(7 * 5);
    ASSERT_EQ(gsae_h5_read_rows(fid, "/traces/dict_error", H5T_NATIVE_DOUBLE, 0, 7, m.data(), 0, "s"), GSAE_OK);
    for (size_t e = 0; e < 5; ++e) {
      EXPECT_EQ(m[0 * 5 + e], runs[0].traces["dict_error"][e]);
      EXPECT_TRUE(same(m[1 * 5 + e], e < 3 ? runs[1].traces["dict_error"][e] : NAN));
      EXPECT_TRUE(std::isnan(m[3 * 5 + e]));
    }
    ASSERT_EQ(gsae_h5_shape(fid, "/traces/custom", 2, dims, "s"), GSAE_OK);
    int64_t counts[6];
    const char *names[6] = {"complete", "failed", "running", "interrupted", "missing", "corrupt"};
    for (int k = 0; k < 6; ++k) ASSERT_EQ(gsae_h5_attr_read_int(fid, "/", names[k], &counts[k], "s"), GSAE_OK);
    EXPECT_EQ(counts[0] + counts[1] + counts[2] + counts[3] + counts[4] + counts[5], 7);
    EXPECT_EQ(counts[5], 2);
    char format[64];
    ASSERT_EQ(gsae_h5_attr_read_string(fid, "/", "format", format, sizeof format, "s"), GSAE_OK);
    EXPECT_STREQ(format, "gsae-summary");
    H5Fclose(fid);

    // the report: counts, one line per failed / missing / corrupt point with the varying parameters
    char *text = nullptr;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    gsae_merge_report(f, &res, "S.h5", 20);
    fclose(f);
    std::string rep(text, size);
    free(text);
    EXPECT_NE(rep.find("merged 7 points of t: 1 complete, 1 failed, 2 interrupted/running, 1 missing, 2 corrupt -> S.h5"),
              std::string::npos)
        << rep;
    EXPECT_NE(rep.find("failed  point 1 (id abc0000000000001; model=soft lambda=1): training diverged"),
              std::string::npos)
        << rep;
    EXPECT_NE(rep.find("missing point 3"), std::string::npos) << rep;
    EXPECT_EQ(rep.find("point 2 "), std::string::npos) << "running points are not listed:\n" << rep;
    f = open_memstream(&text, &size);
    gsae_merge_report(f, &res, "S.h5", 2);
    fclose(f);
    rep.assign(text, size);
    free(text);
    EXPECT_NE(rep.find("  ... and 2 more\n"), std::string::npos) << rep;
    remove_tree(dir);
  }
  gsae_merge_result_free(&res);
  MPI_Barrier(MPI_COMM_WORLD);
}

TEST(Merge, NoManifestIsOneErrorAndNoSummary) {
  std::string dir = temp_dir();
  gsae_merge_result res;
  EXPECT_EQ(gsae_merge(MPI_COMM_SELF, dir.c_str(), nullptr, "t", &res), GSAE_ERR_IO);
  EXPECT_NE(std::string(gsae_error_message()).find("sweep.h5: no such file"), std::string::npos)
      << gsae_error_message();
  EXPECT_NE(access((dir + "/summary.h5").c_str(), F_OK), 0);
  // unwritable output: an error, no temporary file left
  std::vector<gsae_point> pts = make_points(2);
  ASSERT_EQ(gsae_manifest_write((dir + "/sweep.h5").c_str(), "t", "", pts.data(), pts.size()), GSAE_OK);
  std::string out = dir + "/no/such/folder/summary.h5";
  EXPECT_EQ(gsae_merge(MPI_COMM_SELF, dir.c_str(), out.c_str(), "t", &res), GSAE_ERR_IO);
  EXPECT_NE(std::string(gsae_error_message()).find("cannot create"), std::string::npos) << gsae_error_message();
  // no points folder at all: every point missing, still a summary
  ASSERT_EQ(gsae_merge(MPI_COMM_SELF, dir.c_str(), nullptr, "t", &res), GSAE_OK) << gsae_error_message();
  EXPECT_EQ(res.counts[GSAE_RUN_MISSING], 2u);
  gsae_merge_result_free(&res);
  // --out naming the manifest itself is refused before anything is written
  std::string manifest = dir + "/sweep.h5";
  EXPECT_EQ(gsae_merge(MPI_COMM_SELF, dir.c_str(), manifest.c_str(), "t", &res), GSAE_ERR_ARG);
  EXPECT_NE(std::string(gsae_error_message()).find("is the manifest itself"), std::string::npos) << gsae_error_message();
  // an empty sweep merges to an empty table
  ASSERT_EQ(gsae_manifest_write(manifest.c_str(), "t", "", nullptr, 0), GSAE_OK);
  ASSERT_EQ(gsae_merge(MPI_COMM_SELF, dir.c_str(), nullptr, "t", &res), GSAE_OK) << gsae_error_message();
  EXPECT_EQ(res.count, 0u);
  gsae_merge_result_free(&res);
  hid_t fid;
  ASSERT_EQ(gsae_h5_open((dir + "/summary.h5").c_str(), MPI_COMM_NULL, 0, &fid), GSAE_OK);
  gsae_table t;
  ASSERT_EQ(gsae_table_read(fid, "/points", "s", &t), GSAE_OK) << gsae_error_message();
  EXPECT_EQ(t.nrows, 0u);
  EXPECT_GE(gsae_table_find(&t, "dict_error"), 0);
  gsae_table_free(&t);
  hsize_t dims[2];
  EXPECT_EQ(gsae_h5_shape(fid, "/traces/loss", 2, dims, "s"), GSAE_OK);
  EXPECT_EQ(dims[0], 0u);
  H5Fclose(fid);
  remove_tree(dir);
}
