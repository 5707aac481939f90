// The run-file schema (include/gsae/schema.h): one list of traces with unique names, canonical
// order, status names that parse back, and format attributes that readers check with one message.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <set>
#include <string>

extern "C" {
#include "gsae/h5.h"
#include "gsae/schema.h"
}

TEST(Schema, TraceListIsCompleteAndUnique) {
  std::set<std::string> names;
  for (int t = 0; t < GSAE_TRACE_COUNT; ++t) {
    const gsae_trace_def &d = gsae_trace_defs[t];
    ASSERT_NE(d.name, nullptr) << "trace " << t << " has no row";
    EXPECT_TRUE(names.insert(d.name).second) << d.name << " twice";
    EXPECT_GT(std::strlen(d.description), 10u) << d.name;
    EXPECT_GT(std::strlen(d.units), 0u) << d.name;
    EXPECT_TRUE(!std::strcmp(d.scale, "log") || !std::strcmp(d.scale, "linear")) << d.name << ": " << d.scale;
    EXPECT_EQ(gsae_trace_lookup(d.name), t);
  }
  EXPECT_EQ(gsae_trace_lookup("no_such_trace"), -1);
  // the metrics that need a ground truth are exactly the dictionary and support ones
  for (int t = 0; t < GSAE_TRACE_COUNT; ++t)
    EXPECT_EQ(gsae_trace_defs[t].needs_truth, t >= GSAE_TRACE_DICT_ERROR && t <= GSAE_TRACE_GROUP_RECALL)
        << gsae_trace_defs[t].name;
}

TEST(Schema, TraceOrderIsTheListThenNames) {
  EXPECT_LT(gsae_trace_compare("loss", "seconds"), 0);
  EXPECT_LT(gsae_trace_compare("active_entries", "seconds"), 0);  // listed before seconds
  EXPECT_LT(gsae_trace_compare("seconds", "aaa_custom"), 0);      // any listed trace first
  EXPECT_LT(gsae_trace_compare("aaa_custom", "zzz_custom"), 0);
  EXPECT_EQ(gsae_trace_compare("dict_error", "dict_error"), 0);
  char path[64];
  gsae_trace_path(GSAE_TRACE_GROUP_DISTANCE, path, sizeof path);
  EXPECT_STREQ(path, "/trace/group_distance");
}

TEST(Schema, RunStatusNamesParseBack) {
  for (int s = GSAE_RUN_COMPLETE; s <= GSAE_RUN_RUNNING; ++s)
    EXPECT_EQ(gsae_run_status_parse(gsae_run_status_name((gsae_run_status)s)), s);
  // what readers conclude is never written into a file
  EXPECT_EQ(gsae_run_status_parse("missing"), -1);
  EXPECT_EQ(gsae_run_status_parse("corrupt"), -1);
  EXPECT_EQ(gsae_run_status_parse("Complete"), -1);
}

TEST(Schema, FormatAttributesAndTheReadersMessage) {
  std::string path = "/tmp/gsae-schema-" + std::to_string((long)getpid()) + ".h5";
  hid_t fid;
  ASSERT_EQ(gsae_h5_create(path.c_str(), MPI_COMM_NULL, &fid), GSAE_OK);
  char have[64] = "x";
  ASSERT_EQ(gsae_format_read(fid, have, sizeof have, path.c_str()), GSAE_OK);
  EXPECT_STREQ(have, "") << "a file without a format reads as empty";
  EXPECT_NE(gsae_format_expect(fid, GSAE_FORMAT_RUN, "a gsae run file", path.c_str()), GSAE_OK);
  ASSERT_EQ(gsae_format_write(fid, GSAE_FORMAT_CLUSTERING, 1, path.c_str()), GSAE_OK);
  ASSERT_EQ(gsae_trace_create(fid, GSAE_TRACE_LOSS, path.c_str()), GSAE_OK);
  ASSERT_EQ(gsae_run_status_write(fid, GSAE_RUN_FAILED, "because"), GSAE_OK);
  EXPECT_EQ(gsae_format_expect(fid, GSAE_FORMAT_CLUSTERING, "a clustering", path.c_str()), GSAE_OK);
  EXPECT_EQ(gsae_format_expect(fid, GSAE_FORMAT_RUN, "a gsae run file", path.c_str()), GSAE_ERR_DATA);
  EXPECT_EQ(std::string(gsae_error_message()),
            path + ": not a gsae run file (root attribute format is 'gsae-clustering', expected 'gsae-run')");
  int64_t version = 0;
  char text[64];
  EXPECT_EQ(gsae_h5_attr_read_int(fid, "/", GSAE_ATTR_FORMAT_VERSION, &version, path.c_str()), GSAE_OK);
  EXPECT_EQ(version, 1);
  EXPECT_EQ(gsae_h5_attr_read_string(fid, "/trace/loss", "scale", text, sizeof text, path.c_str()), GSAE_OK);
  EXPECT_STREQ(text, "log");
  EXPECT_EQ(gsae_h5_attr_read_string(fid, "/trace/loss", "units", text, sizeof text, path.c_str()), GSAE_OK);
  EXPECT_STREQ(text, gsae_trace_defs[GSAE_TRACE_LOSS].units);
  EXPECT_EQ(gsae_h5_attr_read_string(fid, "/", GSAE_RUN_ATTR_STATUS, text, sizeof text, path.c_str()), GSAE_OK);
  EXPECT_STREQ(text, "failed");
  EXPECT_EQ(gsae_h5_attr_read_string(fid, "/", GSAE_RUN_ATTR_STATUS_REASON, text, sizeof text, path.c_str()), GSAE_OK);
  EXPECT_STREQ(text, "because");
  gsae_error_clear();
  EXPECT_EQ(gsae_h5_close(fid, path.c_str()), GSAE_OK);
  std::remove(path.c_str());
}
