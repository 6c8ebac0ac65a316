#pragma once
// Random complete visits for the psoas floor (psoas_floor.hpp), reproducible from a seed. Every
// enum and set member occurs and every number covers its declared range, but readings land at
// the rules' thresholds, on the edges of their borderline bands and inside them far more often
// than chance would put them there, and the Step 2 screen is often entirely clear, so that in a
// few thousand patients every conclusion that a single visit can fire is both fired and not.
// Optionally no reading is borderline, so that every conclusion is decided.

#include <cstdint>
#include <random>

#include "psoas_floor.hpp"

namespace ilio::bench::psoas_floor {

/// Where the readings of measured facts may fall: anywhere (inside borderline bands too), or
/// only where every comparison of the rules is decided (never strictly inside a band).
enum class Readings { any, decided };

class PatientGenerator {
  public:
    explicit PatientGenerator(std::uint64_t seed, Readings readings = Readings::any)
        : random_(seed), readings_(readings) {}

    /// The next patient: one complete visit.
    Patient next();

  private:
    bool chance(double p);
    /// A reading of a measured fact in [low, high]: anywhere, at an end of the range, or near
    /// one of the thresholds the rules compare it with (at it, at its band's edge, inside the
    /// band or just beyond it); with Readings::decided, drawn again while inside a band.
    double reading(double low, double high, std::initializer_list<double> thresholds, double band);
    ThomasTest thomas_test(double screen_rate);
    template <typename Bits>
    Bits members(int count, double p);

    double any_reading(double low, double high, std::initializer_list<double> thresholds,
                       double band);
    std::mt19937_64 random_;
    Readings readings_;
};

}  // namespace ilio::bench::psoas_floor
