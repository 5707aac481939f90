// CLI flag parsing: values, and one clear error for each kind of mistake.
#include <gtest/gtest.h>

#include <string>

extern "C" {
#include "args.h"
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
