// CLI flag parsing: values, and one clear error for each kind of mistake.
#include <gtest/gtest.h>

#include <string>

extern "C" {
#include "args.h"
#include "gsae/names.h"
}

namespace {
struct Flags {
  size_t n = 1;
  double lr = 0.5;
  const char *out = nullptr;
  int resume = 0;
};

gsae_status parse(Flags &f, std::vector<const char *> argv) {
  arg_spec specs[] = {{"n", ARG_SIZE, &f.n, "", 0},
                      {"lr", ARG_DOUBLE, &f.lr, "", 0},
                      {"out", ARG_STRING, &f.out, "", 0},
                      {"resume", ARG_FLAG, &f.resume, "", 0},
                      {nullptr, ARG_FLAG, nullptr, nullptr, 0}};
  argv.insert(argv.begin(), {"gsae", "test"});
  return args_parse("test", specs, (int)argv.size(), const_cast<char **>(argv.data()), 2);
}

std::string message() { return gsae_error_message(); }
}  // namespace

TEST(Args, ParsesBothForms) {
  Flags f;
  ASSERT_EQ(parse(f, {"--n", "12", "--lr=1e-3", "--out", "x.h5", "--resume"}), GSAE_OK);
  EXPECT_EQ(f.n, 12u);
  EXPECT_DOUBLE_EQ(f.lr, 1e-3);
  EXPECT_STREQ(f.out, "x.h5");
  EXPECT_EQ(f.resume, 1);
}

TEST(Args, ErrorsNameTheFlag) {
  Flags f;
  EXPECT_EQ(parse(f, {"--bogus", "1"}), GSAE_ERR_ARG);
  EXPECT_NE(message().find("unknown flag '--bogus'"), std::string::npos);
  EXPECT_EQ(parse(f, {"--n", "-3"}), GSAE_ERR_ARG);
  EXPECT_NE(message().find("--n"), std::string::npos);
  EXPECT_EQ(parse(f, {"--n", "12x"}), GSAE_ERR_ARG);
  EXPECT_EQ(parse(f, {"--lr", "nan"}), GSAE_ERR_ARG);
  EXPECT_NE(message().find("finite"), std::string::npos);
  EXPECT_EQ(parse(f, {"--lr"}), GSAE_ERR_ARG);
  EXPECT_NE(message().find("needs a value"), std::string::npos);
  EXPECT_EQ(parse(f, {"stray"}), GSAE_ERR_ARG);
  EXPECT_EQ(parse(f, {"--resume=1"}), GSAE_ERR_ARG);
  Flags g;
  EXPECT_EQ(parse(g, {"--n", "1", "--n", "2"}), GSAE_ERR_ARG);
  EXPECT_NE(message().find("twice"), std::string::npos);
}

namespace {
const char *const kColours[] = {"red", "green", "blue-ish", nullptr};
struct Extra {
  int colour = 1, help = 0;
  const char *out = nullptr;
  arg_list where = {};
};
gsae_status parse_extra(Extra &e, std::vector<const char *> argv) {
  arg_spec specs[] = {{"colour", ARG_CHOICE, &e.colour, "a colour", 0, kColours},
                      {"out", ARG_STRING, &e.out, "output", 0, nullptr, ARG_REQUIRED, "FILE"},
                      {"where", ARG_STRING, &e.where, "a condition", 0, nullptr, ARG_REPEAT},
                      {"help", ARG_FLAG, &e.help, "help", 0},
                      {nullptr, ARG_FLAG, nullptr, nullptr, 0}};
  argv.insert(argv.begin(), {"gsae", "test"});
  return args_parse("test", specs, (int)argv.size(), const_cast<char **>(argv.data()), 2);
}
}  // namespace

TEST(Args, ChoiceTakesANameOfItsTable) {
  Extra e;
  ASSERT_EQ(parse_extra(e, {"--colour", "blue-ish", "--out", "x"}), GSAE_OK);
  EXPECT_EQ(e.colour, 2);
  Extra d;
  ASSERT_EQ(parse_extra(d, {"--out=x"}), GSAE_OK);
  EXPECT_EQ(d.colour, 1) << "the default stays when the flag is not given";
  Extra b;
  EXPECT_EQ(parse_extra(b, {"--colour", "Red", "--out", "x"}), GSAE_ERR_ARG);
  EXPECT_EQ(message(), "--colour must be red, green or blue-ish (got 'Red')");
  char text[64];
  const char *const two[] = {"a", "b", nullptr}, *const one[] = {"a", nullptr};
  gsae_names_text(two, text, sizeof text);
  EXPECT_STREQ(text, "a or b");
  gsae_names_text(one, text, sizeof text);
  EXPECT_STREQ(text, "a");
}

TEST(Args, RequiredFlagsUnlessHelp) {
  Extra e;
  EXPECT_EQ(parse_extra(e, {"--colour", "red"}), GSAE_ERR_ARG);
  EXPECT_EQ(message(), "--out FILE is required");
  Extra h;
  EXPECT_EQ(parse_extra(h, {"--help"}), GSAE_OK) << "--help needs no required flag";
  EXPECT_EQ(h.help, 1);
}

TEST(Args, RepeatableFlagsKeepEveryValueInOrder) {
  Extra e;
  ASSERT_EQ(parse_extra(e, {"--where", "a=1", "--out", "x", "--where=b<2", "--where", "c!=x"}), GSAE_OK);
  ASSERT_EQ(e.where.count, 3u);
  EXPECT_STREQ(e.where.item[0], "a=1");
  EXPECT_STREQ(e.where.item[1], "b<2");
  EXPECT_STREQ(e.where.item[2], "c!=x");
  Extra twice;
  EXPECT_EQ(parse_extra(twice, {"--out", "x", "--out", "y"}), GSAE_ERR_ARG) << "not repeatable";
  std::vector<const char *> many = {"--out", "x"};
  for (int k = 0; k <= ARG_LIST_MAX; ++k) many.insert(many.end(), {"--where", "a=1"});
  Extra full;
  EXPECT_EQ(parse_extra(full, many), GSAE_ERR_ARG);
  EXPECT_NE(message().find("more than 64 times"), std::string::npos) << message();
}
