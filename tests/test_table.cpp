// Column tables (what gsae inspect filters and sorts): columns roundtrip through HDF5 in creation
// order, --where compares numbers with a tolerance and text exactly, --sort is stable with NaN
// last, and CSV / JSON quote what they must.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <unistd.h>

extern "C" {
#include "gsae/columns.h"
#include "gsae/h5.h"
#include "gsae/table.h"
}

namespace {
struct TableFile {
  std::string path;
  gsae_table t{};
  TableFile() {
    const char *base = getenv("TMPDIR");
    path = std::string(base && *base ? base : "/tmp") + "/gsae-table-" + std::to_string(getpid()) + ".h5";
    hid_t fid;
    EXPECT_EQ(gsae_h5_create(path.c_str(), MPI_COMM_NULL, &fid), GSAE_OK);
    EXPECT_EQ(gsae_column_group(fid, "/points", "test", path.c_str()), GSAE_OK);
    // names chosen so that creation order differs from name order
    const double x[] = {3.0, NAN, 1.0, 2.0, 1.0 + 1e-12, 1.0};
    const int64_t k[] = {5, 4, 3, 2, 1, 0};
    const char *s[] = {"b", "a", "b", "c", "a,\"q\"", ""};
    const char *txt[] = {"long reason", "", "x", "line\nbreak", "", "tab\there"};
    EXPECT_EQ(gsae_column_write_double(fid, "/points/zeta", x, 6, "numbers", path.c_str()), GSAE_OK);
    EXPECT_EQ(gsae_column_write_int(fid, "/points/kappa", k, 6, "integers", path.c_str()), GSAE_OK);
    EXPECT_EQ(gsae_column_write_strings(fid, "/points/name", s, 6, "fixed strings", path.c_str()), GSAE_OK);
    EXPECT_EQ(gsae_column_write_text(fid, "/points/alpha", txt, 6, "variable strings", path.c_str()), GSAE_OK);
    EXPECT_EQ(gsae_table_read(fid, "/points", path.c_str(), &t), GSAE_OK) << gsae_error_message();
    H5Fclose(fid);
  }
  ~TableFile() {
    gsae_table_free(&t);
    remove(path.c_str());
  }
  std::vector<size_t> rows() const { return std::vector<size_t>(t.rows, t.rows + t.nsel); }
  std::string print(gsae_out_format fmt) {
    std::vector<size_t> idx;
    for (size_t c = 0; c < t.ncols; ++c) idx.push_back(c);
    char *text = nullptr;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    gsae_table_print(f, &t, idx.data(), idx.size(), fmt);
    fclose(f);
    std::string out(text, size);
    free(text);
    return out;
  }
};
}  // namespace

TEST(Table, ColumnsRoundtripInCreationOrder) {
  TableFile tf;
  ASSERT_EQ(tf.t.ncols, 4u);
  EXPECT_STREQ(tf.t.cols[0].name, "zeta");
  EXPECT_STREQ(tf.t.cols[3].name, "alpha");
  EXPECT_EQ(tf.t.cols[1].kind, GSAE_COL_INT);
  EXPECT_EQ(tf.t.cols[2].kind, GSAE_COL_STRING);
  EXPECT_STREQ(tf.t.cols[2].str[4], "a,\"q\"");
  EXPECT_STREQ(tf.t.cols[2].str[5], "");
  EXPECT_STREQ(tf.t.cols[3].str[3], "line\nbreak");
  EXPECT_STREQ(tf.t.cols[0].description, "numbers");
  EXPECT_TRUE(std::isnan(tf.t.cols[0].num[1]));
}

TEST(Table, WhereAndSort) {
  {
    TableFile tf;
    ASSERT_EQ(gsae_table_where(&tf.t, "zeta=1"), GSAE_OK);  // 1 + 1e-12 is equal within tolerance
    EXPECT_EQ(tf.rows(), (std::vector<size_t>{2, 4, 5}));
    ASSERT_EQ(gsae_table_where(&tf.t, "name!=b"), GSAE_OK);  // ANDed with the first
    EXPECT_EQ(tf.rows(), (std::vector<size_t>{4, 5}));
  }
  {
    TableFile tf;
    ASSERT_EQ(gsae_table_where(&tf.t, "zeta>=2"), GSAE_OK);
    EXPECT_EQ(tf.rows(), (std::vector<size_t>{0, 3}));
  }
  {
    TableFile tf;
    ASSERT_EQ(gsae_table_where(&tf.t, "zeta=nan"), GSAE_OK);
    EXPECT_EQ(tf.rows(), (std::vector<size_t>{1}));
  }
  {
    TableFile tf;
    ASSERT_EQ(gsae_table_where(&tf.t, "kappa<3"), GSAE_OK);
    EXPECT_EQ(tf.rows(), (std::vector<size_t>{3, 4, 5}));
  }
  {
    TableFile tf;  // stable, NaN last; equal keys keep file order
    ASSERT_EQ(gsae_table_sort(&tf.t, "zeta"), GSAE_OK);
    EXPECT_EQ(tf.rows(), (std::vector<size_t>{2, 5, 4, 3, 0, 1}));
    ASSERT_EQ(gsae_table_sort(&tf.t, "-zeta"), GSAE_OK);
    EXPECT_EQ(tf.rows(), (std::vector<size_t>{0, 3, 4, 2, 5, 1}));
    ASSERT_EQ(gsae_table_sort(&tf.t, "name"), GSAE_OK);
    EXPECT_EQ(tf.rows()[0], 5u);  // "" first
  }
  TableFile tf;
  EXPECT_EQ(gsae_table_where(&tf.t, "zeat=1"), GSAE_ERR_ARG);
  EXPECT_NE(std::string(gsae_error_message()).find("--where: no column 'zeat'"), std::string::npos)
      << gsae_error_message();
  EXPECT_EQ(gsae_table_sort(&tf.t, "nope"), GSAE_ERR_ARG);
  EXPECT_EQ(gsae_table_where(&tf.t, "name<b"), GSAE_ERR_ARG);
  EXPECT_EQ(gsae_table_where(&tf.t, "zeta=abc"), GSAE_ERR_ARG);
  EXPECT_EQ(gsae_table_where(&tf.t, "zeta"), GSAE_ERR_ARG);
  size_t *idx = nullptr, n = 0;
  EXPECT_EQ(gsae_table_columns(&tf.t, "kappa,nope", &idx, &n), GSAE_ERR_ARG);
  ASSERT_EQ(gsae_table_columns(&tf.t, "alpha,zeta", &idx, &n), GSAE_OK);
  EXPECT_EQ(n, 2u);
  EXPECT_EQ(idx[0], 3u);
  free(idx);
}

TEST(Table, CsvAndJsonQuoting) {
  TableFile tf;
  std::string csv = tf.print(GSAE_OUT_CSV);
  EXPECT_EQ(csv.substr(0, csv.find('\n')), "zeta,kappa,name,alpha");
  EXPECT_NE(csv.find("\n3,5,b,long reason\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",1,\"a,\"\"q\"\"\",\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("nan,4,a,\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\"line\nbreak\""), std::string::npos) << csv;
  std::string json = tf.print(GSAE_OUT_JSON);
  EXPECT_NE(json.find("{\"zeta\": null, \"kappa\": 4, \"name\": \"a\", \"alpha\": \"\"}"), std::string::npos) << json;
  EXPECT_NE(json.find("\"line\\nbreak\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"tab\\there\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"a,\\\"q\\\"\""), std::string::npos) << json;
}
