// The fast reader of facts documents (simdjson On-Demand): a correct document read in one pass,
// names looked up by hash, values set through the same Facts setters as the checked reader,
// nothing allocated but the Facts. Anything else is declined, to be read again by the checked
// reader (facts_json.cpp), which names the problem: see facts_json_readers.hpp.
//
// Declining is cheap and always safe, so the reader declines whenever agreeing with the checked
// reader would take care: strings are used only when they hold no escape sequence and no control
// character (every string a correct document holds is a name of the rule set, a unit or a date,
// none of which needs either), numbers only when they fit a 64-bit integer or a finite double,
// and a visit only when its "date" comes before its "facts".

#include <simdjson.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "evaluate/facts_json_readers.hpp"
#include "program/program.hpp"

namespace ilio::detail {

namespace {

namespace od = simdjson::ondemand;

/// Documents up to this size are read with the thread's reused parser and buffers (which then
/// hold about 7 bytes per byte of the largest document read); a larger one (a long history of
/// visits) with its own, so that no thread keeps more than a few megabytes for good.
constexpr std::size_t reused_up_to = 1024 * 1024;

/// The bytes of `word` (eight bytes read on a little-endian machine: the first byte lowest) that
/// are a quote, a backslash or a control character, each as its high bit. Built on the classic
/// test for a zero byte, which can also flag a byte above a flagged one but never below it: the
/// lowest flag is exact, and the first such byte is all the reader needs.
constexpr std::uint64_t quote_backslash_or_control(std::uint64_t word) {
    constexpr std::uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    auto zero_bytes = [](std::uint64_t x) { return (x - ones) & ~x & highs; };
    return zero_bytes(word ^ (ones * '"')) | zero_bytes(word ^ (ones * '\\')) |
           ((word - ones * 0x20) & ~word & highs);
}

/// What a thread reuses from document to document, so that reading allocates only the Facts.
struct ReaderBuffers {
    od::parser parser;
    std::unique_ptr<char[]> text;  // the document, followed by simdjson's padding
    std::size_t capacity = 0;
    /// Per fact, the number of the facts object that last gave it: a key given twice in one
    /// object is found in constant time, whatever the number of facts.
    std::vector<std::uint32_t> given_in;
    std::uint32_t objects = 0;              // facts objects numbered so far
    std::vector<std::string_view> members;  // a set value's members, as read

    /// `json` copied into `text`, padded as simdjson requires.
    const char* padded(std::string_view json) {
        std::size_t needed = json.size() + simdjson::SIMDJSON_PADDING;
        if (capacity < needed) {
            text = std::make_unique_for_overwrite<char[]>(needed);
            capacity = needed;
        }
        std::memcpy(text.get(), json.data(), json.size());
        std::memset(text.get() + json.size(), ' ', simdjson::SIMDJSON_PADDING);
        return text.get();
    }

    /// A number for a new facts object, distinct from every number in `given_in`.
    std::uint32_t new_object(std::size_t fact_count) {
        if (given_in.size() < fact_count) given_in.resize(fact_count, 0);
        if (++objects == 0) {  // wrapped around: forget every object before
            std::fill(given_in.begin(), given_in.end(), 0);
            objects = 1;
        }
        return objects;
    }
};

/// Reads one document into `facts`; every member returns false to decline.
class FastReader {
  public:
    FastReader(const RuleSet& rules, Facts& facts, ReaderBuffers& buffers)
        : rules_(rules), names_(rules.program().fact_names), facts_(facts), buffers_(buffers) {}

    /// `{"fact": value, …}`, optionally with "evaluated_on", or `{"visits": […]}`.
    bool document(od::object top) {
        enum class Shape { open, facts, visits } shape = Shape::open;
        bool evaluated_on_given = false;
        std::uint32_t object = buffers_.new_object(rules_.facts().size());
        for (auto entry : top) {
            od::field field;
            std::string_view key;
            if (!read_member(std::move(entry), field, key)) return false;
            if (auto index = names_.find(key)) {
                // A fact named "evaluated_on" is read as the evaluation date in a document of
                // visits and as a fact otherwise: left to the checked reader.
                if (shape == Shape::visits || key == "evaluated_on") return false;
                shape = Shape::facts;
                if (!fact(*index, object, field.value())) return false;
            } else if (key == "visits") {
                if (shape != Shape::open) return false;  // given twice, or beside facts
                shape = Shape::visits;
                od::array list;
                if (field.value().get_array().get(list) || !visits(list)) return false;
            } else if (key == "evaluated_on") {
                if (evaluated_on_given) return false;
                evaluated_on_given = true;
                auto day = date(field.value());
                if (!day) return false;
                facts_.set_evaluated_on(*day);
            } else {
                return false;  // an unknown fact
            }
        }
        return true;
    }

  private:
    /// The text of a string whose raw form starts at `raw` (after its opening quote), when it
    /// holds no escape sequence and no control character; nothing otherwise. Eight bytes at a
    /// time: the string is followed by its closing quote, then at least the padding.
    static std::optional<std::string_view> plain_string(od::raw_json_string raw) {
        const char* start = raw.raw();
        if constexpr (std::endian::native != std::endian::little) {
            for (const char* p = start;; ++p) {
                auto c = static_cast<unsigned char>(*p);
                if (c == '"') return std::string_view(start, static_cast<std::size_t>(p - start));
                if (c == '\\' || c < 0x20) return std::nullopt;
            }
        }
        for (const char* p = start;; p += 8) {
            std::uint64_t word;
            std::memcpy(&word, p, 8);
            if (std::uint64_t stops = quote_backslash_or_control(word)) {
                const char* stop = p + std::countr_zero(stops) / 8;
                if (*stop != '"') return std::nullopt;
                return std::string_view(start, static_cast<std::size_t>(stop - start));
            }
        }
    }

    /// An object's next member: its field, and its key as a plain string. False when either
    /// cannot be read (the checked reader then reads the document and says why).
    template <typename Entry>
    static bool read_member(Entry&& entry, od::field& field, std::string_view& key) {
        if (std::forward<Entry>(entry).get(field)) return false;
        auto plain = plain_string(field.key());
        if (!plain) return false;
        key = *plain;
        return true;
    }

    static std::optional<std::string_view> plain_string(od::value value) {
        od::raw_json_string raw;
        if (value.get_raw_json_string().get(raw)) return std::nullopt;
        return plain_string(raw);
    }

    static std::optional<std::int32_t> date(od::value value) {
        auto text = plain_string(value);
        if (!text) return std::nullopt;
        return parse_date(*text);
    }

    /// A JSON number as the checked reader takes it: an integer converted from its 64-bit
    /// value, anything else as a double.
    static std::optional<double> number(od::value value) {
        od::number n;
        if (value.get_number().get(n)) return std::nullopt;
        switch (n.get_number_type()) {
            case od::number_type::signed_integer:
                return static_cast<double>(n.get_int64());
            case od::number_type::unsigned_integer:
                return static_cast<double>(n.get_uint64());
            case od::number_type::floating_point_number:
                if (!std::isfinite(n.get_double())) return std::nullopt;
                return n.get_double();
            default:  // a kind of number later versions of simdjson distinguish
                return std::nullopt;
        }
    }

    /// One visit's facts: every key a fact of the rule set, each given once.
    bool visit_facts(od::object object) {
        std::uint32_t number = buffers_.new_object(rules_.facts().size());
        for (auto entry : object) {
            od::field field;
            std::string_view key;
            if (!read_member(std::move(entry), field, key)) return false;
            auto index = names_.find(key);
            if (!index || !fact(*index, number, field.value())) return false;
        }
        return true;
    }

    /// `[{"date": "2026-09-01", "facts": {…}}, …]`: at least one visit, in date order.
    bool visits(od::array list) {
        std::size_t count = 0;
        for (auto entry : list) {
            od::object visit;
            if (entry.get_object().get(visit) || ++count > max_facts_json_visits) return false;
            int keys = 0;
            for (auto member : visit) {
                od::field field;
                std::string_view key;
                if (!read_member(std::move(member), field, key)) return false;
                if (keys == 0 && key == "date") {
                    auto day = date(field.value());
                    if (!day) return false;
                    if (count == 1)
                        facts_.date_visit(*day);
                    else
                        facts_.add_visit(*day);
                } else if (keys == 1 && key == "facts") {
                    od::object object;
                    if (field.value().get_object().get(object) || !visit_facts(object))
                        return false;
                } else {
                    return false;
                }
                ++keys;
            }
            if (keys != 2) return false;
        }
        return count > 0;
    }

    /// The fact `index`, given in the facts object numbered `object`, is `value`.
    bool fact(FactIndex index, std::uint32_t object, od::value value) {
        auto& given_in = buffers_.given_in[index];
        if (given_in == object) return false;  // a key given twice
        given_in = object;
        od::json_type type;
        if (value.type().get(type)) return false;
        switch (type) {
            case od::json_type::null: {
                bool null = false;
                return !value.is_null().get(null) && null;  // explicitly unknown
            }
            case od::json_type::boolean: {
                bool truth = false;
                if (value.get_bool().get(truth)) return false;
                facts_.set_bool(index, truth);
                return true;
            }
            case od::json_type::number: {
                auto amount = number(value);
                if (!amount) return false;
                facts_.set_number(index, *amount);
                return true;
            }
            case od::json_type::string: {
                auto text = plain_string(value);
                if (!text) return false;
                if (rules_.facts()[index].type == ValueType::date)
                    facts_.set_date(index, *text);
                else
                    facts_.set_enum(index, *text);
                return true;
            }
            case od::json_type::array: {
                od::array list;
                return !value.get_array().get(list) && members(index, list);
            }
            case od::json_type::object: {
                od::object object;
                return !value.get_object().get(object) && quantity(index, object);
            }
            default:
                return false;
        }
    }

    /// A set value: a list of member names.
    bool members(FactIndex index, od::array list) {
        auto& names = buffers_.members;
        names.clear();
        for (auto entry : list) {
            od::value element;
            if (entry.get(element)) return false;
            auto name = plain_string(element);
            if (!name) return false;
            names.push_back(*name);
        }
        facts_.set_members(index, std::span<const std::string_view>(names));
        return true;
    }

    /// `{"value": 5, "unit": "cm"}`, the unit optional.
    bool quantity(FactIndex index, od::object object) {
        std::optional<double> amount;
        std::optional<std::string_view> unit;
        for (auto entry : object) {
            od::field field;
            std::string_view key;
            if (!read_member(std::move(entry), field, key)) return false;
            if (key == "value" && !amount) {
                od::json_type type;
                if (field.value().type().get(type) || type != od::json_type::number) return false;
                amount = number(field.value());
                if (!amount) return false;
            } else if (key == "unit" && !unit) {
                unit = plain_string(field.value());
                if (!unit) return false;
            } else {
                return false;
            }
        }
        if (!amount) return false;
        facts_.set_number(index, *amount, unit.value_or(std::string_view{}));
        return true;
    }

    const RuleSet& rules_;
    const NameIndex& names_;  // the rule set's, looked up inline: a key costs no call
    Facts& facts_;
    ReaderBuffers& buffers_;
};

}  // namespace

std::size_t facts_json_padding() noexcept {
    return simdjson::SIMDJSON_PADDING;
}

std::optional<Facts> read_facts_json_fast(const RuleSet& rules, std::string_view json,
                                          std::size_t readable) {
    thread_local ReaderBuffers reused;
    std::optional<ReaderBuffers> own;
    ReaderBuffers& buffers = json.size() <= reused_up_to ? reused : own.emplace();
    // Padded already (a batch's line in its block), the document is read where it is: copying
    // it cost 3% of a status batch.
    bool in_place = readable >= json.size() + simdjson::SIMDJSON_PADDING;
    const char* text = in_place ? json.data() : buffers.padded(json);
    std::size_t capacity = in_place ? readable : buffers.capacity;
    od::document doc;
    od::object top;
    if (buffers.parser.iterate(text, json.size(), capacity).get(doc) || doc.get_object().get(top))
        return std::nullopt;
    Facts facts(rules);
    try {
        if (!FastReader(rules, facts, buffers).document(top)) return std::nullopt;
    } catch (const FactError&) {
        return std::nullopt;  // an invalid value: the checked reader words it
    }
    // Read to its end, the document must be at the end of the text: nothing may follow.
    if (doc.current_location().error() != simdjson::OUT_OF_BOUNDS) return std::nullopt;
    return facts;
}

}  // namespace ilio::detail
