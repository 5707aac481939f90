// Sweep specs: the grid a user writes expands to the points they expect, ids are stable, and each
// kind of mistake is one error naming the line and the key.
#include <gtest/gtest.h>
#include <mpi.h>

#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "test_util.hpp"

extern "C" {
#include "gsae/sweep.h"
}

namespace {
struct Spec {
  gsae_spec *s = nullptr;
  gsae_status st;
  explicit Spec(const std::string &text) { st = gsae_spec_parse(text.data(), text.size(), "t.yaml", &s); }
  ~Spec() { gsae_spec_free(s); }
  gsae_point point(size_t i) const {
    gsae_point pt;
    EXPECT_EQ(gsae_spec_point(s, i, &pt), GSAE_OK) << gsae_error_message();
    return pt;
  }
};

std::string error_of(const std::string &text) {
  Spec sp(text);
  EXPECT_NE(sp.st, GSAE_OK) << "accepted:\n" << text;
  return sp.st == GSAE_OK ? "" : gsae_error_message();
}

std::set<std::string> ids(const Spec &sp) {
  std::set<std::string> out;
  for (size_t i = 0; i < gsae_spec_count(sp.s); ++i) out.insert(sp.point(i).id);
  return out;
}
}  // namespace

TEST(Spec, DefaultsAreThePapersAndAFixedSpecIsOnePoint) {
  Spec sp("name: one\n");
  ASSERT_EQ(sp.st, GSAE_OK) << gsae_error_message();
  ASSERT_EQ(gsae_spec_count(sp.s), 1u);
  gsae_point pt = sp.point(0);
  gsae_gen_params g = gsae_point_gen_params(&pt), gd = gsae_gen_defaults();
  gsae_train_config c = gsae_point_train_config(&pt), cd = gsae_train_defaults();
  EXPECT_EQ(g.n, gd.n);
  EXPECT_EQ(g.groups, gd.groups);
  EXPECT_EQ(g.samples, gd.samples);
  EXPECT_EQ(g.snr_db, gd.snr_db);
  EXPECT_EQ(c.lambda, cd.lambda);
  EXPECT_EQ(c.epochs, cd.epochs);
  EXPECT_EQ(c.init_mode, GSAE_INIT_CORR);
  EXPECT_EQ(c.init_corr, cd.init_corr);
  EXPECT_EQ(c.seed, g.seed);  // train_seed follows seed
  EXPECT_STREQ(gsae_spec_name(sp.s), "one");
  EXPECT_STREQ(gsae_spec_results(sp.s), "results");
}

TEST(Spec, CartesianProductLastAxisFastestWithZip) {
  Spec sp(
      "name: g\nepochs: 5\nsnr_db: [1, 5, 10]\nmodel: [group, soft]\n"
      "zip:\n  lambda: [1, 2]\n  init_corr: [0.3, 0.5]\n");
  ASSERT_EQ(sp.st, GSAE_OK) << gsae_error_message();
  ASSERT_EQ(gsae_spec_count(sp.s), 12u);
  size_t axes[GSAE_PARAM_MAX];
  ASSERT_EQ(gsae_spec_axes(sp.s, axes, GSAE_PARAM_MAX), 4u);
  EXPECT_EQ(axes[0], P("snr_db"));
  EXPECT_EQ(axes[3], P("init_corr"));
  gsae_point p7 = sp.point(7);  // snr index 1, model index 1, zip index 1
  EXPECT_EQ(p7.value[P("snr_db")], 5.0);
  EXPECT_EQ(p7.value[P("model")], 1.0);
  EXPECT_EQ(p7.value[P("lambda")], 2.0);
  EXPECT_EQ(p7.value[P("init_corr")], 0.5);
  EXPECT_EQ(p7.value[P("epochs")], 5.0);
  EXPECT_EQ(ids(sp).size(), 12u);
  // points differing only in training settings share their data set
  EXPECT_STREQ(sp.point(0).data_id, sp.point(3).data_id);
  EXPECT_STRNE(sp.point(0).data_id, sp.point(4).data_id);
  gsae_spec_point(sp.s, 12, &p7);
  EXPECT_NE(gsae_spec_point(sp.s, 12, &p7), GSAE_OK);
}

TEST(Spec, RangesStepNumAndLog) {
  Spec sp(
      "name: r\nseed: {from: 0, to: 9}\nlambda: {from: 0.1, to: 0.5, step: 0.1}\n"
      "lr: {from: 1e-4, to: 1e-2, num: 3, scale: log}\nsnr_db: {from: 0, to: 10, num: 5}\n");
  ASSERT_EQ(sp.st, GSAE_OK) << gsae_error_message();
  EXPECT_EQ(gsae_spec_count(sp.s), 10u * 5u * 3u * 5u);
  gsae_point last = sp.point(gsae_spec_count(sp.s) - 1);
  EXPECT_EQ(last.value[P("seed")], 9.0);
  EXPECT_EQ(last.value[P("lambda")], 0.5);
  EXPECT_EQ(last.value[P("lr")], 1e-2);
  EXPECT_EQ(last.value[P("snr_db")], 10.0);
  EXPECT_EQ(sp.point(2 * 3 * 5).value[P("lambda")], 0.3);  // 0.1 + 2 * 0.1, exactly 0.3
  EXPECT_EQ(sp.point(5).value[P("lr")], 1e-3);
  EXPECT_EQ(sp.point(1).value[P("snr_db")], 2.5);
}

TEST(Spec, IdsDependOnValuesNotPositions) {
  Spec a("name: s\nsnr_db: [1, 10]\nseed: [0, 1]\n");
  Spec b("name: s\nsnr_db: [1, 5, 10]\nseed: [0, 1, 2]\n");  // values added to both axes
  ASSERT_EQ(a.st, GSAE_OK);
  ASSERT_EQ(b.st, GSAE_OK);
  std::set<std::string> ia = ids(a), ib = ids(b);
  for (const auto &id : ia) EXPECT_TRUE(ib.count(id)) << id << " renamed by adding axis values";
  // the name of the sweep and the checkpoint interval do not enter the id
  Spec c("name: other\ncheckpoint_every: 7\nsnr_db: [1, 10]\nseed: [0, 1]\n");
  EXPECT_EQ(ids(c), ia);
  // any science parameter does
  Spec d("name: s\nlambda: 2.5\nsnr_db: [1, 10]\nseed: [0, 1]\n");
  for (const auto &id : ids(d)) EXPECT_FALSE(ia.count(id));
  char text[2048];
  gsae_point pt = a.point(0);
  gsae_point_canonical(&pt, text, sizeof text);
  EXPECT_NE(std::string(text).find(";snr_db=1;"), std::string::npos) << text;
  EXPECT_NE(std::string(text).find(";init_delta=unset;"), std::string::npos) << text;
  EXPECT_EQ(std::string(text).find("checkpoint_every"), std::string::npos) << text;
}

TEST(Spec, InitDeltaReplacesInitCorrAndTrainSeedOverrides) {
  Spec sp("name: d\ninit_delta: [0.1, 0.2]\ntrain_seed: 7\nseed: 3\nrenormalize: true\n");
  ASSERT_EQ(sp.st, GSAE_OK) << gsae_error_message();
  gsae_point pt = sp.point(1);
  gsae_train_config c = gsae_point_train_config(&pt);
  EXPECT_EQ(c.init_mode, GSAE_INIT_DELTA);
  EXPECT_EQ(c.init_delta, 0.2);
  EXPECT_EQ(c.seed, 7u);
  EXPECT_EQ(c.renormalize, 1);
  EXPECT_EQ(gsae_point_gen_params(&pt).seed, 3u);
  EXPECT_TRUE(std::isnan(pt.value[P("init_corr")]));
}

TEST(Spec, ErrorsNameTheLineAndTheKey) {
  auto has = [](const std::string &msg, const std::string &part) {
    EXPECT_NE(msg.find(part), std::string::npos) << "message: " << msg << "\nexpected: " << part;
  };
  std::string m = error_of("name: x\nepochs: 3\nlamda: [1, 2]\n");
  has(m, "t.yaml:3:");
  has(m, "unknown key 'lamda'");
  has(m, "did you mean 'lambda'");
  m = error_of("name: x\nepochs: three\n");
  has(m, "t.yaml:2:");
  has(m, "epochs: 'three' is not a number");
  m = error_of("name: x\nsnr_db: []\n");
  has(m, "t.yaml:2:");
  has(m, "empty axis");
  m = error_of("name: x\n\nlambda: [1, -2]\n");
  has(m, "t.yaml:3:");
  has(m, "lambda must be >= 0");
  m = error_of("name: x\nepochs: 2.5\n");
  has(m, "epochs must be an integer");
  m = error_of("name: x\nmodel: [group, sparse]\n");
  has(m, "t.yaml:2: model must be group, soft or relu (got 'sparse')");
  m = error_of("name: x\nzip:\n  lambda: [1, 2]\n  init_corr: [0.3]\n");
  has(m, "t.yaml:4:");
  has(m, "'init_corr' has 1 values but 'lambda' has 2");
  m = error_of("name: x\ninit_corr: 0.3\ninit_delta: 0.1\n");
  has(m, "give init_corr or init_delta, not both (init_corr: line 2, init_delta: line 3)");
  m = error_of("epochs: 3\n");
  has(m, "missing key 'name'");
  m = error_of("name: x\nlambda: [1, 2\n");
  has(m, "YAML syntax error");
  m = error_of("name: x\nlambda: 1\nlambda: 2\n");
  has(m, "t.yaml:3:");
  has(m, "set twice (first on line 2)");
  m = error_of("name: x\nseed: {from: 0, upto: 3}\n");
  has(m, "unknown range key 'upto'");
  m = error_of("name: ../x\n");
  has(m, "may hold only letters");
  m = error_of("name: x\nlambda: [[1, 2]]\n");
  has(m, "expected a single value");
  // values valid alone but not together: the point and the lines of both keys
  m = error_of("name: x\ngroups: 5\nactive: [1, 6]\n");
  has(m, "point 1");
  has(m, "active = 6 exceeds groups = 5");
  has(m, "active: line 3");
  has(m, "groups: line 2");
  m = error_of("name: x\nsamples: 100\nbatch_size: 200\n");
  has(m, "batch_size = 200 exceeds samples = 100");
}

TEST(Spec, AHundredThousandPointsExpand) {
  Spec sp("name: big\nseed: {from: 0, to: 999}\nlambda: {from: 0.1, to: 10, num: 100}\n");
  ASSERT_EQ(sp.st, GSAE_OK) << gsae_error_message();
  EXPECT_EQ(gsae_spec_count(sp.s), 100000u);
  EXPECT_EQ(ids(sp).size(), 100000u);  // no collisions
}

// Parameters added after v1 (coherence, orthonormal_groups) stay out of the ids at their defaults:
// the first point of jobs/specs/demo.yaml (as it was when they were added) keeps the id and data_id
// it had before, in both precisions.
TEST(Spec, GoldenIdOfTheDemoSweepIsStable) {
  Spec sp("name: demo\nn: 200\ngroups: 50\ngroup_size: 2\nactive: 2\nsamples: 2000\nepochs: 100\n"
          "init_corr: 0.8\nsnr_db: [5, 10]\nmodel: [group, soft]\nseed: {from: 0, to: 2}\n");
  ASSERT_EQ(sp.st, GSAE_OK) << gsae_error_message();
  gsae_point pt = sp.point(0);
  EXPECT_STREQ(pt.id, kDouble ? "c560f46bf5f6639c" : "2f1de1e6446e16b7");
  EXPECT_STREQ(pt.data_id, kDouble ? "c550cee166bbc0b2" : "2171f1d4abbca0f7");
  char text[2048];
  gsae_point_canonical(&pt, text, sizeof text);
  EXPECT_EQ(std::string(text).find("coherence"), std::string::npos) << text;
  EXPECT_EQ(std::string(text).find("orthonormal"), std::string::npos) << text;
  gsae_gen_params g = gsae_point_gen_params(&pt);
  EXPECT_TRUE(std::isnan(g.coherence));
  EXPECT_EQ(g.orthonormal_groups, 0);
}

TEST(Spec, CoherenceAxisGivesDistinctDataIds) {
  Spec sp("name: c\ncoherence: [0.2, 0.4]\northonormal_groups: true\n");
  ASSERT_EQ(sp.st, GSAE_OK) << gsae_error_message();
  ASSERT_EQ(gsae_spec_count(sp.s), 2u);
  gsae_point a = sp.point(0), b = sp.point(1);
  EXPECT_STRNE(a.data_id, b.data_id);
  EXPECT_STRNE(a.id, b.id);
  EXPECT_EQ(gsae_point_gen_params(&a).coherence, 0.2);
  EXPECT_EQ(gsae_point_gen_params(&b).coherence, 0.4);
  EXPECT_EQ(gsae_point_gen_params(&b).orthonormal_groups, 1);
  char text[2048];
  gsae_point_canonical(&b, text, sizeof text);
  EXPECT_NE(std::string(text).find(";coherence=0.4;orthonormal_groups=1;"), std::string::npos) << text;
  Spec plain("name: c\n");  // differs from the unset default
  ASSERT_EQ(plain.st, GSAE_OK);
  EXPECT_STRNE(plain.point(0).data_id, a.data_id);
  EXPECT_NE(error_of("name: c\ncoherence: 1.5\n").find("coherence must be in (0, 1]"), std::string::npos);
}

// Every training setting is a spec key (the key is the flag's name in snake_case), with the same
// default as gsae train's, because both read the one table of src/train/config.c.
TEST(Spec, EveryTrainingSettingIsAKeyWithTheTrainDefault) {
  gsae_train_config d = gsae_train_defaults();
  for (size_t k = 0; k < gsae_train_settings_count; ++k) {
    const gsae_setting *row = &gsae_train_settings[k];
    if (row->opts & GSAE_SET_NO_KEY) continue;
    int p = gsae_param_lookup(gsae_setting_key(row));
    ASSERT_GE(p, 0) << row->name;
    EXPECT_EQ(gsae_param(p), row);
    double v = gsae_setting_get(row, &d);
    if (!(row->opts & GSAE_SET_SWEEP_UNSET))
      EXPECT_TRUE(v == gsae_param_default(p) || (std::isnan(v) && std::isnan(gsae_param_default(p)))) << row->name;
  }
  for (const char *key : {"encoder", "layers", "unfold", "prox", "nonneg", "center", "eta", "init", "preset",
                          "batch_size", "init_corr", "path"})
    EXPECT_GE(gsae_param_lookup(key), 0) << key;
}

TEST(Spec, UnfoldedEncoderKeysAreAxesAndChangeTheId) {
  Spec tied("name: t\nepochs: 5\n");
  Spec sp("name: u\nepochs: 5\nencoder: unfolded\nlayers: [5, 10]\nprox: entry\nnonneg: true\neta: 0.04\n"
          "init: data\nunfold: fista\ncenter: yes\n");
  ASSERT_EQ(sp.st, GSAE_OK) << gsae_error_message();
  ASSERT_EQ(gsae_spec_count(sp.s), 2u);
  gsae_point pt = sp.point(1);
  gsae_train_config c = gsae_point_train_config(&pt);
  EXPECT_EQ(c.encoder, GSAE_ENCODER_UNFOLDED);
  EXPECT_EQ(c.layers, 10u);
  EXPECT_EQ(c.prox, GSAE_PROX_ENTRY);
  EXPECT_EQ(c.unfold, GSAE_UNFOLD_FISTA);
  EXPECT_EQ(c.nonneg, 1);
  EXPECT_EQ(c.center, 1);
  EXPECT_EQ(c.eta_fixed, 0.04);
  EXPECT_EQ(c.init_mode, GSAE_INIT_DATA);
  char text[4096];
  gsae_point_canonical(&pt, text, sizeof text);
  for (const char *part : {";encoder=unfolded", ";layers=10", ";prox=entry", ";init=data", ";init_corr=unset", ";eta=0.04"})
    EXPECT_NE(std::string(text).find(part), std::string::npos) << part << " in " << text;
  EXPECT_EQ(std::string(text).find(";unfold=ista"), std::string::npos) << text;
  std::set<std::string> all = ids(sp);
  all.insert(tied.point(0).id);
  EXPECT_EQ(all.size(), 3u);
  EXPECT_STREQ(sp.point(0).data_id, tied.point(0).data_id);  // the encoder is not part of the data
}

TEST(Spec, APresetSuppliesDefaultsThatTheSpecsKeysOverride) {
  Spec sp("name: p\npreset: mnist-group\nlambda: [0.2, 5]\nepochs: 5\nsamples: 300\nn: 40\n");
  ASSERT_EQ(sp.st, GSAE_OK) << gsae_error_message();
  gsae_point a = sp.point(0), b = sp.point(1);
  gsae_train_config c = gsae_point_train_config(&b);
  EXPECT_EQ(c.encoder, GSAE_ENCODER_UNFOLDED);
  EXPECT_EQ(c.layers, 15u);
  EXPECT_EQ(c.batch_size, 256u);
  EXPECT_EQ(c.renormalize, 1);
  EXPECT_EQ(c.init_mode, GSAE_INIT_DATA);
  EXPECT_EQ(c.lambda, 5.0);                 // the spec's key wins
  EXPECT_EQ(c.epochs, 5);                   // over the preset's 300
  EXPECT_EQ(gsae_point_gen_params(&a).groups, 10u);  // the preset's dictionary: 10 groups of 16
  EXPECT_EQ(gsae_point_gen_params(&a).group_size, 16u);
  // the preset is not part of the id: the same values given by hand are the same point
  Spec hand("name: h\nencoder: unfolded\nlayers: 15\nunfold: ista\nlr: 1e-3\nbatch_size: 256\ninit: data\n"
            "renormalize: true\ngroups: 10\ngroup_size: 16\nprox: group\nlambda: [0.2, 5]\nepochs: 5\nsamples: 300\n"
            "n: 40\n");
  ASSERT_EQ(hand.st, GSAE_OK) << gsae_error_message();
  EXPECT_STREQ(hand.point(0).id, a.id);
  EXPECT_STREQ(hand.point(1).id, b.id);
}

TEST(Spec, AKeyOfTheOtherEncoderIsRefusedWithItsLine) {
  std::string m = error_of("name: x\nepochs: 3\nlayers: 5\n");
  EXPECT_NE(m.find("t.yaml:3: layers applies to encoder: unfolded only"), std::string::npos) << m;
  m = error_of("name: x\nencoder: unfolded\nmodel: soft\n");
  EXPECT_NE(m.find("t.yaml:3: model applies to encoder: tied only"), std::string::npos) << m;
  // both encoders on one axis: the tied points may not take another layers value
  m = error_of("name: x\nencoder: [tied, unfolded]\nlayers: 5\n");
  EXPECT_NE(m.find("layers applies to encoder: unfolded only"), std::string::npos) << m;
  m = error_of("name: x\nencoder: unfolded\nprox: lasso\n");
  EXPECT_NE(m.find("t.yaml:3: prox must be group, entry or sparse-group (got 'lasso')"), std::string::npos) << m;
  m = error_of("name: x\nencoder: unfolded\ninit: data\ninit_corr: 0.3\n");
  EXPECT_NE(m.find("init: data takes no init_corr / init_delta"), std::string::npos) << m;
}

namespace {
// The spec text after key=value overrides, or the error line.
std::string overridden(const std::string &text, std::vector<const char *> args, bool ok = true) {
  char *out = nullptr;
  gsae_status st = gsae_spec_override(text.c_str(), "t.yaml", args.data(), args.size(), &out);
  EXPECT_EQ(st == GSAE_OK, ok) << (st == GSAE_OK ? out : gsae_error_message());
  std::string r = st == GSAE_OK ? out : gsae_error_message();
  free(out);
  return r;
}
}  // namespace

TEST(Spec, OverridesReplaceAKeyOrMakeItAnAxis) {
  const std::string text = "name: o\n# λ below\nlambda: 2\nsnr_db:\n  - 1\n  - 5\nepochs: 3\n";
  std::string e = overridden(text, {"lambda=[1, 2, 3]", "snr_db=10", "seed={from: 0, to: 1}"});
  Spec sp(e);
  ASSERT_EQ(sp.st, GSAE_OK) << gsae_error_message() << "\n" << e;
  EXPECT_EQ(gsae_spec_count(sp.s), 6u) << e;  // 3 lambdas x 2 seeds; snr_db is fixed now
  EXPECT_EQ(sp.point(0).value[P("snr_db")], 10.0);
  EXPECT_EQ(sp.point(5).value[P("lambda")], 3.0);
  EXPECT_EQ(sp.point(5).value[P("epochs")], 3.0);
  EXPECT_NE(e.find("# overridden on the command line: lambda=[1, 2, 3] snr_db=10 seed={from: 0, to: 1}"),
            std::string::npos) << e;
  EXPECT_NE(e.find("# λ below\nlambda: [1, 2, 3]\nsnr_db: 10\nepochs: 3\n"), std::string::npos) << e;
  // a point that the override leaves as it was keeps its id
  Spec base(text), same(overridden(text, {"lambda=2", "snr_db=[1, 5]"}));
  ASSERT_EQ(same.st, GSAE_OK) << gsae_error_message();
  EXPECT_EQ(ids(base), ids(same));
}

TEST(Spec, BadOverridesAreOneLine) {
  const std::string text = "name: o\nzip:\n  lambda: [1, 2]\n  init_corr: [0.3, 0.5]\n";
  auto has = [](const std::string &msg, const std::string &part) {
    EXPECT_NE(msg.find(part), std::string::npos) << "message: " << msg << "\nexpected: " << part;
  };
  has(overridden(text, {"epoch=5"}, false), "override 'epoch=5': unknown key 'epoch' (did you mean 'epochs'?)");
  has(overridden(text, {"lambda=3"}, false), "t.yaml:3 zips 'lambda' with other keys");
  has(overridden(text, {"epochs=[1, 2"}, false), "override 'epochs=[1, 2': YAML syntax error");
  has(overridden(text, {"epochs"}, false), "override 'epochs': expected key=value");
  has(overridden(text, {"epochs=1", "epochs=2"}, false), "override of 'epochs' given twice");
  has(overridden(text, {"zip=1"}, false), "a zip block cannot be overridden");
  // a value of the wrong kind is the spec's own error, on the override's line
  Spec sp(overridden(text, {"epochs=many"}));
  ASSERT_NE(sp.st, GSAE_OK);
  has(gsae_error_message(), "t.yaml:5: epochs: 'many' is not a number");
}

TEST(Spec, DottedOverridesChangeTheEvaluateBlock) {
  const std::string text = "name: o\nevaluate:\n  data: test.h5\n  k: 10\nepochs: 3\n";
  // a key of the block replaced in place, a missing one added as the block's last line, in command-line order
  EXPECT_EQ(overridden(text, {"evaluate.k=5", "evaluate.n_neighbors=30", "evaluate.seed=train_seed"}),
            "name: o\nevaluate:\n  data: test.h5\n  k: 5\n  n_neighbors: 30\n  seed: train_seed\nepochs: 3\n"
            "# overridden on the command line: evaluate.k=5 evaluate.n_neighbors=30 evaluate.seed=train_seed\n");
  auto has = [](const std::string &msg, const std::string &part) {
    EXPECT_NE(msg.find(part), std::string::npos) << "message: " << msg << "\nexpected: " << part;
  };
  has(overridden(text, {"evaluate.kk=5"}, false), "override 'evaluate.kk=5': evaluate: has no key 'kk'");
  has(overridden(text, {"lambda.k=5"}, false), "only the evaluate: block has keys inside it");
  has(overridden(text, {"evaluate.k=5", "evaluate={data: t.h5}"}, false), "evaluate given whole and by key");
  has(overridden("name: o\n", {"evaluate.k=5"}, false), "t.yaml has no evaluate: block");
  has(overridden("name: o\nevaluate: {data: t.h5}\n", {"evaluate.k=5"}, false), "override evaluate={...} as a whole");
}

// Bounded YAML: what once hung or was taken without a word is one line, at once.
TEST(Spec, YamlOutOfBoundsIsRefusedWithItsLine) {
  auto has = [](const std::string &msg, const std::string &part) {
    EXPECT_NE(msg.find(part), std::string::npos) << "message: " << msg << "\nexpected: " << part;
  };
  double t0 = MPI_Wtime();
  has(error_of("name: d\nlambda: " + std::string(200000, '[') + "\n"), "t.yaml:2: nested more than 32 lists");
  std::string block = "name: d\nlambda:\n";
  for (int i = 0; i < 40; ++i) block += std::string(2 * i + 2, ' ') + "-\n";
  has(error_of(block), "nested more than 32 lists or mappings deep");
  EXPECT_LT(MPI_Wtime() - t0, 2.0);  // the 200,000-deep text took minutes in libyaml's scanner
  has(error_of("name: d\nlambda: 1\n---\nfoo: [\n"), "t.yaml:3: a second YAML document");
  has(error_of("name: d\nlambda: 1\n---\n"), "t.yaml:3: a second YAML document");
  has(error_of("  name: d\n  lambda: 1\n"), "t.yaml:1: the top-level keys must start in the first column");
  has(error_of("name: d\nlambda: !custom 5\n"), "t.yaml:2: unknown YAML tag '!custom'");
  has(error_of("name: d\nlambda: &a [1, 2]\nsnr_db: *a\n"), "t.yaml:2: an anchor (&a)");
  // YAML's own tags, quotes with brackets inside and comments with apostrophes still read
  Spec ok("name: d  # the paper's grid\ndescription: 'a [b' \nlambda: !!float 5\nsnr_db: [1, 2]\n");
  ASSERT_EQ(ok.st, GSAE_OK) << gsae_error_message();
  EXPECT_EQ(gsae_spec_count(ok.s), 2u);
}

// The grid's size is the product of its axes' lengths, known before any point is expanded.
TEST(Spec, AGridAboveTheLimitIsRefusedWithItsSize) {
  double t0 = MPI_Wtime();
  std::string m = error_of("name: big\nseed: {from: 0, to: 9999}\nlambda: {from: 1, to: 10000}\n");
  EXPECT_NE(m.find("t.yaml: the grid has 100000000 points, more than the limit of 10000000"), std::string::npos) << m;
  EXPECT_LT(MPI_Wtime() - t0, 2.0);
  m = error_of("name: r\nseed: {from: 0, to: 99999999}\n");
  EXPECT_NE(m.find("t.yaml:2: seed: the range has more than 1e7 values"), std::string::npos) << m;
}
