// Settings rows: a value's text, range check, label and struct field, as flags, keys and files use them.
#include <gtest/gtest.h>
#include <mpi.h>

#include <cmath>
#include <string>

extern "C" {
#include "gsae/dataset.h"
#include "gsae/settings.h"
#include "gsae/train.h"
}

namespace {
const gsae_setting *train_row(const char *name) {
  const gsae_setting *r = gsae_settings_find(gsae_train_settings, gsae_train_settings_count, name);
  EXPECT_NE(r, nullptr) << name;
  return r;
}
std::string fmt(const gsae_setting *r, double v) {
  char buf[64];
  gsae_setting_format(r, v, buf, sizeof buf);
  return buf;
}
}  // namespace

TEST(Settings, LabelsAreTheFlagAndTheKey) {
  char buf[64];
  gsae_setting_label(train_row("batch_size"), GSAE_STYLE_FLAG, buf, sizeof buf);
  EXPECT_STREQ(buf, "--batch-size");
  gsae_setting_label(train_row("seed"), GSAE_STYLE_KEY, buf, sizeof buf);
  EXPECT_STREQ(buf, "train_seed");  // beside the data's seed in a spec
  gsae_setting_label(train_row("seed"), GSAE_STYLE_FLAG, buf, sizeof buf);
  EXPECT_STREQ(buf, "--seed");
  EXPECT_EQ(train_row("train_seed"), train_row("seed"));  // found by key or by name
  EXPECT_STREQ(gsae_setting_attr(train_row("eta")), "eta_fixed");  // the run's final eta is another attribute
}

TEST(Settings, ParseChecksTypeRangeAndChoices) {
  double v = 0;
  EXPECT_EQ(gsae_setting_parse(train_row("lambda"), "0.25", GSAE_STYLE_KEY, &v), GSAE_OK);
  EXPECT_EQ(v, 0.25);
  EXPECT_EQ(gsae_setting_parse(train_row("prox"), "entry", GSAE_STYLE_KEY, &v), GSAE_OK);
  EXPECT_EQ(v, (double)GSAE_PROX_ENTRY);
  for (const char *on : {"true", "yes", "on", "1"}) {
    EXPECT_EQ(gsae_setting_parse(train_row("nonneg"), on, GSAE_STYLE_KEY, &v), GSAE_OK) << on;
    EXPECT_EQ(v, 1.0);
  }
  EXPECT_EQ(gsae_setting_parse(train_row("init_delta"), "unset", GSAE_STYLE_KEY, &v), GSAE_OK);
  EXPECT_TRUE(std::isnan(v));
  struct {
    const char *row, *text, *message;
  } bad[] = {{"lambda", "-1", "lambda must be >= 0 (got -1)"},
             {"lr", "0", "lr must be > 0 (got 0)"},
             {"epochs", "2.5", "epochs must be an integer (got 2.5)"},
             {"init_corr", "1.5", "init_corr must be in (0, 1] (got 1.5)"},
             {"layers", "0", "layers must be in [1, 1000000] (got 0)"},
             {"unfold", "adam", "unfold must be ista or fista (got 'adam')"},
             {"center", "maybe", "center is a switch: give true or false (got 'maybe')"},
             {"lambda", "two", "lambda: 'two' is not a number"},
             {"lambda", "unset", "lambda: 'unset' is not a number"},  // not optional
             {"lambda", "1e999", "lambda: '1e999' is not a number"}};
  for (const auto &b : bad) {
    EXPECT_EQ(gsae_setting_parse(train_row(b.row), b.text, GSAE_STYLE_KEY, &v), GSAE_ERR_ARG) << b.text;
    EXPECT_EQ(std::string(gsae_error_message()), b.message);
  }
  EXPECT_EQ(gsae_setting_check(train_row("batch_size"), -3, GSAE_STYLE_FLAG), GSAE_ERR_ARG);
  EXPECT_EQ(std::string(gsae_error_message()), "--batch-size must be in [0, 2147483647] (got -3)");
}

TEST(Settings, FormatReadsBackExactly) {
  const gsae_setting *lambda = train_row("lambda");
  for (double x : {0.1, 1.0 / 3.0, 2.0, 1e-300, 123456789.125}) {
    double back = 0;
    ASSERT_EQ(gsae_setting_parse(lambda, fmt(lambda, x).c_str(), GSAE_STYLE_KEY, &back), GSAE_OK);
    EXPECT_EQ(back, x) << fmt(lambda, x);
  }
  EXPECT_EQ(fmt(lambda, 0.1), "0.1");
  EXPECT_EQ(fmt(train_row("epochs"), 300), "300");
  EXPECT_EQ(fmt(train_row("encoder"), GSAE_ENCODER_UNFOLDED), "unfolded");
  EXPECT_EQ(fmt(train_row("init_delta"), NAN), "unset");
}

TEST(Settings, RowsBindTheirFieldsAndGiveTheDefaults) {
  gsae_train_config c = gsae_train_defaults();
  EXPECT_EQ(c.lambda, 2.0);
  EXPECT_EQ(c.epochs, 300);
  EXPECT_EQ(c.layers, 15u);
  EXPECT_EQ(c.checkpoint_every, 50);
  EXPECT_EQ(c.init_mode, GSAE_INIT_CORR);
  EXPECT_TRUE(std::isnan(c.init_delta));
  gsae_setting_set(train_row("batch_size"), &c, 256);
  gsae_setting_set(train_row("seed"), &c, 9007199254740992.0);  // 2^53 survives the double
  gsae_setting_set(train_row("prox"), &c, GSAE_PROX_SPARSE_GROUP);
  gsae_setting_set(train_row("epochs"), &c, NAN);  // unset: an integer field keeps its value
  EXPECT_EQ(c.batch_size, 256u);
  EXPECT_EQ(c.seed, 9007199254740992ull);
  EXPECT_EQ(c.prox, GSAE_PROX_SPARSE_GROUP);
  EXPECT_EQ(c.epochs, 300);
  EXPECT_EQ(gsae_setting_get(train_row("batch_size"), &c), 256.0);
  gsae_gen_params g = gsae_gen_defaults();
  EXPECT_EQ(g.n, 950u);
  EXPECT_EQ(g.groups, 500u);
  EXPECT_TRUE(std::isnan(g.coherence));
  EXPECT_EQ(gsae_settings_check(gsae_gen_settings, gsae_gen_settings_count, &g, GSAE_STYLE_FLAG), GSAE_OK);
}

TEST(Settings, InitialisationFollowsWhatWasGiven) {
  double mode = NAN, corr = NAN, delta = 0.3;
  ASSERT_EQ(gsae_train_resolve_init(&mode, &corr, &delta, GSAE_STYLE_KEY), GSAE_OK);
  EXPECT_EQ(mode, (double)GSAE_INIT_DELTA);
  mode = NAN, corr = NAN, delta = NAN;
  ASSERT_EQ(gsae_train_resolve_init(&mode, &corr, &delta, GSAE_STYLE_KEY), GSAE_OK);
  EXPECT_EQ(mode, (double)GSAE_INIT_CORR);
  EXPECT_EQ(corr, 0.15);  // the paper's
  mode = GSAE_INIT_DELTA, corr = NAN, delta = NAN;
  EXPECT_EQ(gsae_train_resolve_init(&mode, &corr, &delta, GSAE_STYLE_FLAG), GSAE_ERR_ARG);
  EXPECT_EQ(std::string(gsae_error_message()), "--init delta needs --init-delta");
  mode = GSAE_INIT_DATA, corr = 0.5, delta = NAN;
  EXPECT_EQ(gsae_train_resolve_init(&mode, &corr, &delta, GSAE_STYLE_KEY), GSAE_ERR_ARG);
  EXPECT_EQ(std::string(gsae_error_message()), "init: data takes no init_corr / init_delta");
}
