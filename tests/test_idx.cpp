// IDX files (MNIST format): values and slices from gzip and plain files, and one clear error for
// each kind of bad file. The files are synthetic bytes written to a temporary directory.
#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <unistd.h>

extern "C" {
#include "gsae/idx.h"
}

namespace {
using bytes = std::vector<uint8_t>;

void put32(bytes &b, uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) b.push_back((uint8_t)(v >> s));
}

// An IDX file: magic, big-endian dims, then the data bytes.
bytes idx(uint32_t magic, std::vector<uint32_t> dims, const bytes &data) {
  bytes b;
  put32(b, magic);
  for (uint32_t d : dims) put32(b, d);
  b.insert(b.end(), data.begin(), data.end());
  return b;
}

// images: 5 images of 3 x 2 pixels, pixel k of image i = 10 i + k (k row-major); labels i % 3
constexpr uint32_t kN = 5, kRows = 3, kCols = 2;
bytes image_data() {
  bytes d;
  for (uint32_t i = 0; i < kN; ++i)
    for (uint32_t k = 0; k < kRows * kCols; ++k) d.push_back((uint8_t)(10 * i + k + (i == 4 ? 200 : 0)));
  return d;
}
bytes label_data() {
  bytes d;
  for (uint32_t i = 0; i < kN; ++i) d.push_back((uint8_t)(i % 3));
  return d;
}
bytes images_file() { return idx(0x00000803, {kN, kRows, kCols}, image_data()); }
bytes labels_file() { return idx(0x00000801, {kN}, label_data()); }

class Idx : public ::testing::Test {
 protected:
  std::string dir;
  void SetUp() override {
    char tmpl[] = "/tmp/gsae-idx-test.XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir = tmpl;
  }
  void TearDown() override { std::system(("rm -rf '" + dir + "'").c_str()); }

  std::string plain(const std::string &name, const bytes &b) {
    std::string path = dir + "/" + name;
    FILE *f = std::fopen(path.c_str(), "wb");
    EXPECT_NE(f, nullptr);
    if (!b.empty()) EXPECT_EQ(std::fwrite(b.data(), 1, b.size(), f), b.size());
    std::fclose(f);
    return path;
  }
  std::string gz(const std::string &name, const bytes &b) {
    std::string path = dir + "/" + name;
    gzFile f = gzopen(path.c_str(), "wb");
    EXPECT_NE(f, nullptr);
    if (!b.empty()) EXPECT_EQ(gzwrite(f, b.data(), (unsigned)b.size()), (int)b.size());
    gzclose(f);
    return path;
  }
  // The first `keep` bytes of a file (a gzip stream cut short).
  std::string cut(const std::string &from, const std::string &name, size_t keep) {
    FILE *f = std::fopen(from.c_str(), "rb");
    bytes b(keep);
    size_t got = std::fread(b.data(), 1, keep, f);
    std::fclose(f);
    b.resize(got);
    return plain(name, b);
  }
};

std::string message() { return gsae_error_message(); }

// Read the header of `path` as `kind` and expect an error whose message contains every piece.
void expect_header_error(const std::string &path, gsae_idx_kind kind, std::vector<std::string> pieces) {
  gsae_idx_header h;
  EXPECT_NE(gsae_idx_read_header(path.c_str(), kind, &h), GSAE_OK) << path;
  for (const auto &p : pieces) EXPECT_NE(message().find(p), std::string::npos) << "wanted '" << p << "' in: " << message();
}

void expect_read_error(const std::string &path, gsae_idx_kind kind, std::vector<std::string> pieces, size_t first = 0,
                       size_t count = GSAE_IDX_REST) {
  gsae_idx_header h;
  uint8_t *data = nullptr;
  size_t got = 99;
  EXPECT_NE(gsae_idx_read(path.c_str(), kind, first, count, &h, &data, &got), GSAE_OK) << path;
  EXPECT_EQ(data, nullptr);
  EXPECT_EQ(got, 0u);
  for (const auto &p : pieces) EXPECT_NE(message().find(p), std::string::npos) << "wanted '" << p << "' in: " << message();
}
}  // namespace

TEST_F(Idx, GzipAndPlainGiveTheSameValues) {
  const bytes want_px = image_data(), want_lb = label_data();
  for (bool compressed : {false, true}) {
    std::string im = compressed ? gz("im.gz", images_file()) : plain("im", images_file());
    std::string lb = compressed ? gz("lb.gz", labels_file()) : plain("lb", labels_file());
    gsae_idx_pair p;
    ASSERT_EQ(gsae_idx_read_pair(im.c_str(), lb.c_str(), 0, GSAE_IDX_REST, &p), GSAE_OK) << message();
    EXPECT_EQ(p.total, kN);
    EXPECT_EQ(p.first, 0u);
    EXPECT_EQ(p.count, kN);
    EXPECT_EQ(p.rows, kRows);
    EXPECT_EQ(p.cols, kCols);
    EXPECT_EQ(bytes(p.pixels, p.pixels + kN * kRows * kCols), want_px) << (compressed ? "gzip" : "plain");
    EXPECT_EQ(bytes(p.labels, p.labels + kN), want_lb);
    gsae_idx_pair_free(&p);
    gsae_idx_header h;
    ASSERT_EQ(gsae_idx_read_header(im.c_str(), GSAE_IDX_IMAGES, &h), GSAE_OK);
    EXPECT_EQ(h.count, kN);
    EXPECT_EQ(h.item_bytes, kRows * kCols);
  }
}

TEST_F(Idx, SlicesAreTheRightItems) {
  const bytes px = image_data(), lb = label_data();
  std::string im = gz("im.gz", images_file()), lf = plain("lb", labels_file());
  const size_t item = kRows * kCols;
  for (size_t first = 0; first <= kN; ++first)
    for (size_t count = 0; first + count <= kN; ++count) {
      gsae_idx_pair p;
      ASSERT_EQ(gsae_idx_read_pair(im.c_str(), lf.c_str(), first, count, &p), GSAE_OK) << message();
      ASSERT_EQ(p.count, count);
      EXPECT_EQ(p.first, first);
      EXPECT_EQ(bytes(p.pixels, p.pixels + count * item), bytes(px.begin() + first * item, px.begin() + (first + count) * item))
          << "slice [" << first << ", " << first + count << ")";
      EXPECT_EQ(bytes(p.labels, p.labels + count), bytes(lb.begin() + first, lb.begin() + first + count));
      gsae_idx_pair_free(&p);
    }
  // the rest of the file from item 3
  gsae_idx_header h;
  uint8_t *data = nullptr;
  size_t got = 0;
  ASSERT_EQ(gsae_idx_read(im.c_str(), GSAE_IDX_IMAGES, 3, GSAE_IDX_REST, &h, &data, &got), GSAE_OK) << message();
  EXPECT_EQ(got, 2u);
  EXPECT_EQ(bytes(data, data + 2 * item), bytes(px.begin() + 3 * item, px.end()));
  std::free(data);
}

TEST_F(Idx, MissingFile) {
  expect_header_error(dir + "/nope.gz", GSAE_IDX_IMAGES, {"nope.gz: no such file"});
  expect_read_error(dir + "/nope.gz", GSAE_IDX_LABELS, {"nope.gz: no such file"});
}

TEST_F(Idx, WrongMagicSaysWhatWasFoundAndWhatWasExpected) {
  std::string lb = gz("lb.gz", labels_file()), im = plain("im", images_file());
  expect_header_error(lb, GSAE_IDX_IMAGES, {"lb.gz", "0x00000801", "labels file", "images file has magic 0x00000803"});
  expect_header_error(im, GSAE_IDX_LABELS, {"0x00000803", "images file", "labels file has magic 0x00000801"});
  std::string text = plain("text", bytes{'h', 'e', 'l', 'l', 'o', ' ', 'w', 'o', 'r', 'l', 'd'});
  expect_header_error(text, GSAE_IDX_IMAGES, {"text: not an IDX file (magic 0x68656C6C", "0x00000803"});
  expect_header_error(plain("tiny", bytes{0, 0}), GSAE_IDX_LABELS, {"2 bytes long, too short"});
  expect_header_error(plain("empty", bytes{}), GSAE_IDX_LABELS, {"0 bytes long"});
}

TEST_F(Idx, OnlyUnsignedBytes) {
  std::string f = gz("float.gz", idx(0x00000D03, {kN, kRows, kCols}, bytes(kN * kRows * kCols * 4)));
  expect_header_error(f, GSAE_IDX_IMAGES, {"type byte 0x0D (float)", "only unsigned byte (0x08)"});
}

TEST_F(Idx, ZeroAndAbsurdDimensions) {
  expect_header_error(plain("zero", idx(0x00000803, {kN, 0, kCols}, {})), GSAE_IDX_IMAGES, {"dimension 1 (rows) is 0"});
  expect_header_error(plain("none", idx(0x00000801, {0}, {})), GSAE_IDX_LABELS, {"dimension 0 (count) is 0"});
  expect_header_error(plain("huge", idx(0x00000801, {0xFFFFFFF0u}, {})), GSAE_IDX_LABELS,
                      {"dimension 0 (count) = 4294967280 is absurd"});
  expect_header_error(plain("big", idx(0x00000803, {1, 60000, 60000}, {})), GSAE_IDX_IMAGES,
                      {"60000 x 60000 pixels are absurd"});
  expect_header_error(plain("short", bytes{0, 0, 8, 3, 0, 0, 0, 5, 0, 0}), GSAE_IDX_IMAGES,
                      {"truncated IDX header (10 bytes, expected 16)"});
}

TEST_F(Idx, TruncatedDataSaysExpectedAndFound) {
  bytes b = images_file();
  b.resize(b.size() - 7);  // 30 data bytes announced, 23 present
  for (auto path : {plain("im", b), gz("im.gz", b)})
    expect_read_error(path, GSAE_IDX_IMAGES, {"truncated IDX data", "5 images (30 bytes after the 16-byte header)", "found 23 bytes"});
  // a slice before the cut still fails: the whole file is checked
  expect_read_error(plain("im2", b), GSAE_IDX_IMAGES, {"found 23 bytes"}, 0, 1);
}

TEST_F(Idx, TruncatedGzipStream) {
  // 200 images of noise-free but varied bytes, so the compressed stream is long enough to cut
  bytes data;
  for (uint32_t i = 0; i < 200 * 28 * 28; ++i) data.push_back((uint8_t)((i * 2654435761u) >> 24));
  std::string whole = gz("whole.gz", idx(0x00000803, {200, 28, 28}, data));
  FILE *f = std::fopen(whole.c_str(), "rb");
  std::fseek(f, 0, SEEK_END);
  long size = std::ftell(f);
  std::fclose(f);
  std::string half = cut(whole, "half.gz", (size_t)size / 2);
  expect_read_error(half, GSAE_IDX_IMAGES, {"half.gz: truncated gzip stream", "of the 156816 bytes"});
  std::string notrailer = cut(whole, "notrailer.gz", (size_t)size - 4);  // all data, CRC trailer cut
  expect_read_error(notrailer, GSAE_IDX_IMAGES, {"notrailer.gz: truncated gzip stream"});
}

TEST_F(Idx, TrailingBytes) {
  bytes b = labels_file();
  b.insert(b.end(), {1, 2, 3});
  for (auto path : {plain("lb", b), gz("lb.gz", b)})
    expect_read_error(path, GSAE_IDX_LABELS, {"3 trailing bytes after the 5 labels"});
  // many trailing bytes are counted exactly
  bytes big = labels_file();
  big.resize(big.size() + 100000, 7);
  expect_read_error(gz("big.gz", big), GSAE_IDX_LABELS, {"100000 trailing bytes"});
}

TEST_F(Idx, SliceBeyondTheFile) {
  std::string im = gz("im.gz", images_file());
  expect_read_error(im, GSAE_IDX_IMAGES, {"items [3, 6) asked for, but the file holds 5 images"}, 3, 3);
  expect_read_error(im, GSAE_IDX_IMAGES, {"items [6, 6)"}, 6, GSAE_IDX_REST);
}

TEST_F(Idx, ImageAndLabelCountsMustAgree) {
  std::string im = gz("im.gz", images_file());
  std::string lb = gz("lb4.gz", idx(0x00000801, {4}, bytes{0, 1, 2, 3}));
  gsae_idx_pair p;
  EXPECT_EQ(gsae_idx_read_pair(im.c_str(), lb.c_str(), 0, GSAE_IDX_REST, &p), GSAE_ERR_DATA);
  EXPECT_NE(message().find("im.gz holds 5 images but " + lb + " holds 4 labels"), std::string::npos) << message();
  EXPECT_EQ(p.pixels, nullptr);
  // and the labels file given as the images file is refused by magic
  EXPECT_NE(gsae_idx_read_pair(lb.c_str(), im.c_str(), 0, GSAE_IDX_REST, &p), GSAE_OK);
  EXPECT_NE(message().find("0x00000801"), std::string::npos) << message();
}
