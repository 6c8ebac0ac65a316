// evaluate_batch gives every patient the evaluation a single-threaded loop gives, in input
// order, whatever the number of threads.

#include <atomic>
#include <stdexcept>

#include "random_facts.hpp"
#include "test_support.hpp"

using namespace ilio;
using ilio::testing::psoas;
using ilio::testing::RandomFacts;

namespace {

std::vector<Facts> random_patients(const RuleSet& rules, int count) {
    RandomFacts random(rules, 7);
    std::vector<Facts> patients;
    for (int i = 0; i < count; ++i) patients.push_back(random.partial(random.probability()));
    return patients;
}

/// Statuses and needed facts: what must match between batch and single evaluation.
std::vector<std::uint32_t> fingerprint(const RuleSet& rules, const Evaluation& e) {
    std::vector<std::uint32_t> out;
    for (ConclusionIndex c = 0; c < rules.conclusions().size(); ++c) {
        out.push_back(static_cast<std::uint32_t>(e.status(c)));
        out.push_back(e.withheld_by(c).value_or(9999));
    }
    for (StepIndex s = 0; s < rules.steps().size(); ++s)
        out.push_back(static_cast<std::uint32_t>(e.step_state(s)));
    out.push_back(9999);
    for (auto f : e.needed()) out.push_back(f);
    return out;
}

}  // namespace

TEST_CASE("evaluate_batch matches one-by-one evaluation in input order, on any thread count") {
    const auto& rules = psoas();
    // As many as a property test's cases: fewer under the sanitizers (ILIO_PROPERTY_CASES).
    auto patients = random_patients(rules, ilio::testing::property_cases(1000));
    std::vector<std::vector<std::uint32_t>> expected;
    for (const auto& p : patients) expected.push_back(fingerprint(rules, rules.evaluate(p)));

    for (unsigned threads : {1u, 2u, 3u, 8u}) {
        std::vector<std::vector<std::uint32_t>> got(patients.size());
        std::atomic<std::size_t> calls{0};
        evaluate_batch(
            rules, patients,
            [&](std::size_t i, const Evaluation& e) {
                got[i] = fingerprint(rules, e);
                ++calls;
            },
            BatchOptions{threads});
        CHECK(calls == patients.size());
        CHECK(got == expected);

        auto evaluations = evaluate_batch(rules, patients, BatchOptions{threads});
        REQUIRE(evaluations.size() == patients.size());
        for (std::size_t i = 0; i < patients.size(); ++i)
            CHECK(fingerprint(rules, evaluations[i]) == expected[i]);
    }
}

TEST_CASE("evaluate_batch on no patients calls nothing") {
    std::vector<Facts> none;
    int calls = 0;
    evaluate_batch(psoas(), none, [&](std::size_t, const Evaluation&) { ++calls; });
    CHECK(calls == 0);
    CHECK(evaluate_batch(psoas(), none).empty());
}

TEST_CASE("evaluate_batch rethrows the first visitor error after stopping every thread") {
    const auto& rules = psoas();
    auto patients = random_patients(rules, 500);
    std::atomic<int> calls{0};
    auto visit = [&](std::size_t i, const Evaluation&) {
        ++calls;
        if (i == 100) throw std::runtime_error("patient 100 rejected");
    };
    CHECK_THROWS_WITH(evaluate_batch(rules, patients, visit, BatchOptions{2}),
                      "patient 100 rejected");
    CHECK(calls < 500);  // the others were skipped, not evaluated to the end
}

TEST_CASE("evaluate_batch refuses facts bound to another rule set") {
    const auto& rules = psoas();
    auto other = ilio::testing::compile_ok(
        "ruleset other version \"1.0.0\"\nfact a : bool \"A\" ask \"A?\"\n"
        "finding f \"F\" when a because \"a\"\n");
    std::vector<Facts> patients{Facts(rules), Facts(other)};
    CHECK_THROWS_WITH(evaluate_batch(rules, patients),
                      Catch::Contains("patient 1") && Catch::Contains("`other`"));
}

TEST_CASE("batch_threads: hardware threads by default, never more than patients") {
    CHECK(batch_threads(1, BatchOptions{8}) == 1);
    CHECK(batch_threads(5, BatchOptions{3}) == 3);
    CHECK(batch_threads(0, BatchOptions{3}) == 1);
    CHECK(batch_threads(1000) >= 1);
}
