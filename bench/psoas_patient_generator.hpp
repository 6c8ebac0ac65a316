#pragma once
// Random complete visits for the psoas floor (psoas_floor.hpp), reproducible from a seed. Every
// enum and set member occurs and every number covers its declared range, but readings land at
// the rules' thresholds, on the edges of their borderline bands and inside them far more often
// than chance would put them there, and the Step 2 screen is often entirely clear, so that in a
// few thousand patients every conclusion that a single visit can fire is both fired and not.

#include <cstdint>
#include <random>

#include "psoas_floor.hpp"

namespace ilio::bench::psoas_floor {

class PatientGenerator {
  public:
    explicit PatientGenerator(std::uint64_t seed) : random_(seed) {}

    /// The next patient: one complete visit.
    Patient next();

  private:
    bool chance(double p);
    /// A reading of a measured fact in [low, high]: anywhere, at an end of the range, or near
    /// one of the thresholds the rules compare it with (at it, at its band's edge, inside the
    /// band or just beyond it).
    double reading(double low, double high, std::initializer_list<double> thresholds, double band);
    ThomasTest thomas_test(double screen_rate);
    template <typename Bits>
    Bits members(int count, double p);

    std::mt19937_64 random_;
};

}  // namespace ilio::bench::psoas_floor
