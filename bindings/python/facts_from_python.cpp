// Python values into Facts, through the library's checked setters (never through JSON text):
// the value's Python type picks the setter, as a JSON value's type does in read_facts_json, so
// a value of the wrong kind gets the library's own message ("`x` is a number fact, but ...").

#include <pybind11/numpy.h>

#include <cmath>

#include <fmt/format.h>

#include "bindings.hpp"

namespace ilio::python {

/// numpy and pandas types, looked up only once either module has been imported by the user.
struct ForeignTypes {
    py::object numpy_bool, numpy_number, numpy_floating, numpy_ndarray, numpy_str;
    py::object pandas_na_type, pandas_nat_type;
};

namespace {

/// Whether the user has imported `module` (a key of sys.modules, made once and interned): this
/// runs for every record read, where PyDict_GetItemString made a str each time.
bool imported(PyObject* modules, const char* module, PyObject*& key) {
    if (!key) key = PyUnicode_InternFromString(module);
    if (!key) throw py::error_already_set();
    return PyDict_GetItemWithError(modules, key) != nullptr;
}

}  // namespace

const ForeignTypes& foreign_types() {
    static ForeignTypes* types = nullptr;  // leaked on purpose: lives as long as the interpreter
    static bool have_numpy = false, have_pandas = false;
    static PyObject *numpy_key = nullptr, *pandas_key = nullptr;  // interned, never freed
    if (!types) types = new ForeignTypes();
    if (have_numpy && have_pandas) return *types;
    // sys.modules itself, not `import sys`: an import goes through __import__ (which raised
    // and cleared an AttributeError each time).
    PyObject* modules = PyImport_GetModuleDict();
    if (!have_numpy && imported(modules, "numpy", numpy_key)) {
        py::module_ np = py::module_::import("numpy");
        types->numpy_bool = np.attr("bool_");
        types->numpy_number = np.attr("number");
        types->numpy_floating = np.attr("floating");
        types->numpy_ndarray = np.attr("ndarray");
        have_numpy = true;
    }
    if (!have_pandas && imported(modules, "pandas", pandas_key)) {
        py::module_ pd = py::module_::import("pandas");
        types->pandas_na_type = py::type::of(pd.attr("NA"));
        types->pandas_nat_type = py::type::of(pd.attr("NaT"));
        have_pandas = true;
    }
    if (PyErr_Occurred()) throw py::error_already_set();
    return *types;
}

namespace {

/// The text of a str, as a view into the str (alive while the caller holds the value).
std::string_view utf8_view(py::handle text) {
    Py_ssize_t size = 0;
    const char* data = PyUnicode_AsUTF8AndSize(text.ptr(), &size);
    if (!data) throw py::error_already_set();
    return {data, static_cast<std::size_t>(size)};
}

bool is_instance(py::handle value, const py::object& type) {
    return type && PyObject_IsInstance(value.ptr(), type.ptr()) == 1;
}

/// None, NaN (Python or numpy), pandas.NA and pandas.NaT.
bool is_missing(py::handle value, const ForeignTypes& types) {
    if (value.is_none()) return true;
    if (PyFloat_Check(value.ptr())) return std::isnan(PyFloat_AS_DOUBLE(value.ptr()));
    if (is_instance(value, types.numpy_floating)) return std::isnan(value.cast<double>());
    return (types.pandas_na_type && py::type::of(value).is(types.pandas_na_type)) ||
           (types.pandas_nat_type && py::type::of(value).is(types.pandas_nat_type));
}

std::string shortened_repr(py::handle value) {
    std::string text = py::repr(value).cast<std::string>();
    constexpr std::size_t limit = 80;
    if (text.size() > limit) text = text.substr(0, limit - 3) + "...";
    return text;
}

std::string type_name(py::handle value) {
    return py::type::of(value).attr("__name__").cast<std::string>();
}

bool is_number(py::handle value, const ForeignTypes& types) {
    if (PyBool_Check(value.ptr()) || is_instance(value, types.numpy_bool)) return false;
    return PyLong_Check(value.ptr()) || PyFloat_Check(value.ptr()) ||
           is_instance(value, types.numpy_number);
}

/// A Python int too large for a double raises OverflowError; it becomes a FactError naming
/// the fact.
double to_double(const FactInfo& f, py::handle value) {
    // An int converted directly: through float() it would make a float object first.
    double number = PyFloat_Check(value.ptr())  ? PyFloat_AS_DOUBLE(value.ptr())
                    : PyLong_Check(value.ptr()) ? PyLong_AsDouble(value.ptr())
                                                : PyFloat_AsDouble(value.ptr());
    if (number == -1.0 && PyErr_Occurred()) {
        PyErr_Clear();
        throw FactError(
            fmt::format("`{}` must be a finite number: the number given is too large", f.name));
    }
    return number;
}

void set_members(Facts& facts, FactIndex fact, py::handle values) {
    const FactInfo& f = facts.rule_set().facts()[fact];
    // A container for another kind of fact gets the library's message for a list.
    if (f.type != ValueType::set_of) facts.set_members(fact, std::vector<std::string>{});
    // Views into the members' strs, each held here until set_members has read it: a list
    // holds its items, but iterating a numpy array makes each one afresh.
    std::vector<py::object> held;
    std::vector<std::string_view> members;
    for (py::handle m : values) {
        if (!PyUnicode_Check(m.ptr()))
            throw FactError(fmt::format("`{}` is a list of names, but it holds {} {}", f.name,
                                        type_name(m), shortened_repr(m)));
        held.push_back(py::reinterpret_borrow<py::object>(m));
        members.push_back(utf8_view(m));
    }
    facts.set_members(fact, std::span<const std::string_view>(members));
}

/// (5, "cm") or {"value": 5, "unit": "cm"}: the value and unit, or nullopt when `value` is
/// not written as a quantity. A pair is a quantity when the fact is a number or its second
/// item is a string (a pair of strings is a set).
std::optional<std::pair<py::handle, py::handle>> quantity(py::handle value, bool numeric) {
    if (PyTuple_Check(value.ptr()) && PyTuple_GET_SIZE(value.ptr()) == 2 &&
        (numeric || PyUnicode_Check(PyTuple_GET_ITEM(value.ptr(), 1))) &&
        !PyUnicode_Check(PyTuple_GET_ITEM(value.ptr(), 0)))
        return std::pair{py::handle(PyTuple_GET_ITEM(value.ptr(), 0)),
                         py::handle(PyTuple_GET_ITEM(value.ptr(), 1))};
    if (PyDict_Check(value.ptr())) {
        py::dict d = py::reinterpret_borrow<py::dict>(value);
        if (d.contains("value") && d.size() <= 2 && (d.size() == 1 || d.contains("unit")))
            return std::pair{py::handle(d["value"]),
                             d.contains("unit") ? py::handle(d["unit"]) : py::handle()};
    }
    return std::nullopt;
}

/// A date given as a str or a datetime.date: its ISO text (isoformat()), or nothing.
std::optional<std::string> date_text(py::handle value) {
    py::object text = py::reinterpret_borrow<py::object>(value);
    if (!PyUnicode_Check(value.ptr()) && py::hasattr(value, "isoformat"))
        text = value.attr("isoformat")();
    if (!PyUnicode_Check(text.ptr())) return std::nullopt;
    return text.cast<std::string>();
}

std::optional<std::int32_t> date_of(py::handle value) {
    auto text = date_text(value);
    return text ? parse_date(*text) : std::nullopt;
}

/// Whether the dict `record` has the key `key`, a str made once (interned, for the life of the
/// interpreter) rather than for every record: a patient's dict is asked for "visits" and
/// "evaluated_on" on every evaluate.
template <const char* Key>
bool has_key(py::handle record) {
    static PyObject* const key = PyUnicode_InternFromString(Key);
    if (!key) throw py::error_already_set();
    int found = PyDict_Contains(record.ptr(), key);
    if (found < 0) throw py::error_already_set();
    return found == 1;
}
constexpr char visits_key[] = "visits";
constexpr char evaluated_on_key[] = "evaluated_on";

/// `"evaluated_on"` in a patient's dict, when given: dates the evaluation.
void read_evaluated_on(Facts& facts, py::handle record, std::optional<std::size_t> index) {
    if (!record.contains("evaluated_on")) return;
    auto today = date_of(record["evaluated_on"]);
    if (!today)
        raise_facts_error({{index, "/evaluated_on", "", "",
                            "\"evaluated_on\" must be an ISO 8601 calendar date"}});
    facts.set_evaluated_on(*today);
}

/// Sets `fact` from `value`; throws FactError with the library's message when it is invalid.
/// Returns false when the value means "missing" (the fact stays unknown).
bool set_value(Facts& facts, FactIndex fact, const FactInfo& f, py::handle value,
               const ForeignTypes& types) {
    // Python's own bool, float, int and str, as a dict from json or a DataFrame row's objects
    // hold them: read as the general path below reads them, without asking numpy's and
    // pandas' types first (a third of a psoas record's reading, callgrind).
    if (PyObject* o = value.ptr(); f.type != ValueType::date) {
        if (PyBool_Check(o)) {  // bool cannot be subclassed
            facts.set_bool(fact, o == Py_True);
            return true;
        }
        if (PyFloat_CheckExact(o)) {
            double number = PyFloat_AS_DOUBLE(o);
            if (std::isnan(number)) return false;  // missing, as is_missing says
            facts.set_number(fact, number);
            return true;
        }
        if (PyLong_CheckExact(o)) {
            facts.set_number(fact, to_double(f, value));
            return true;
        }
        if (PyUnicode_CheckExact(o)) {
            facts.set_enum(fact, utf8_view(value));
            return true;
        }
    }
    if (is_missing(value, types)) return false;
    if (f.type == ValueType::date) {
        auto text = date_text(value);
        if (!text)
            throw FactError(
                fmt::format("`{}` is a date: give an ISO 8601 calendar date such as "
                            "\"2026-09-01\" or a datetime.date, not a {}",
                            f.name, type_name(value)));
        facts.set_date(fact, std::string_view(*text));
    } else if (PyBool_Check(value.ptr()) || is_instance(value, types.numpy_bool)) {
        facts.set_bool(fact, PyObject_IsTrue(value.ptr()) == 1);
    } else if (is_number(value, types)) {
        facts.set_number(fact, to_double(f, value));
    } else if (PyUnicode_Check(value.ptr())) {
        facts.set_enum(fact, utf8_view(value));
    } else if (auto q =
                   quantity(value, f.type == ValueType::number || f.type == ValueType::integer)) {
        if (is_missing(q->first, types)) return false;
        if (!is_number(q->first, types) || (q->second && !PyUnicode_Check(q->second.ptr())))
            throw FactError(fmt::format(
                "`{}`: a quantity is written (5, \"cm\") or {{\"value\": 5, \"unit\": \"cm\"}}",
                f.name));
        facts.set_number(fact, to_double(f, q->first),
                         q->second ? q->second.cast<std::string>() : std::string());
    } else if (is_instance(value, types.numpy_ndarray) && value.attr("ndim").cast<int>() == 0) {
        return set_value(facts, fact, f, value.attr("item")(), types);
    } else if (PyList_Check(value.ptr()) || PyTuple_Check(value.ptr()) ||
               PyAnySet_Check(value.ptr()) || is_instance(value, types.numpy_ndarray)) {
        set_members(facts, fact, value);
    } else {
        throw FactError(fmt::format("`{}` cannot be a {}", f.name, type_name(value)));
    }
    return true;
}

}  // namespace

KeyCache::~KeyCache() {
    // A rule set may be let go of on a thread without the GIL (a result dropped by a worker);
    // at the interpreter's exit the keys go with it.
    if (entries_.empty() || !Py_IsInitialized()) return;
    py::gil_scoped_acquire gil;
    for (auto& entry : entries_) Py_XDECREF(entry.key);
}

void KeyCache::remember(std::size_t position, PyObject* key, FactIndex fact, std::size_t limit) {
    if (position >= limit) return;
    if (position >= entries_.size()) entries_.resize(position + 1);
    Py_INCREF(key);
    Py_XDECREF(entries_[position].key);  // a str: freeing it runs no Python code
    entries_[position] = {key, fact};
}

Missing missing_from(const std::string& text) {
    if (text == "unknown") return Missing::unknown;
    if (text == "reject") return Missing::reject;
    throw py::value_error("missing must be 'unknown' or 'reject', not '" + text + "'");
}

void set_from_python(const Rules& rules, Facts& facts, FactIndex fact, py::handle value,
                     Missing missing, std::vector<Problem>& problems, const ForeignTypes& types) {
    const FactInfo& f = rules.rules.facts()[fact];
    try {
        if (!set_value(facts, fact, f, value, types) && missing == Missing::reject)
            problems.push_back({std::nullopt, "/" + f.name, f.name, shortened_repr(value),
                                fmt::format("`{}` is missing ({}), and missing values are "
                                            "rejected (missing=\"reject\")",
                                            f.name, shortened_repr(value))});
    } catch (const FactError& e) {
        facts.clear(fact);
        problems.push_back({std::nullopt, "/" + f.name, f.name, shortened_repr(value), e.what()});
    }
}

void read_record(const Rules& rules, Facts& facts, py::handle record,
                 std::optional<std::size_t> record_index, Missing missing,
                 std::vector<Problem>& problems) {
    auto first_new = problems.size();
    const ForeignTypes& types = foreign_types();
    // `position`: the key's place in its mapping, where the last record's key there is
    // remembered (KeyCache).
    auto read_item = [&](std::size_t position, py::handle key, py::handle value) {
        auto found = rules.keys.find(position, key.ptr());
        if (!found) {
            if (!PyUnicode_Check(key.ptr())) {
                problems.push_back({std::nullopt, "", "", shortened_repr(key),
                                    fmt::format("fact names are strings, not {} {}", type_name(key),
                                                shortened_repr(key))});
                return;
            }
            std::string_view name = utf8_view(key);
            found = rules.rules.find_fact(name);
            if (!found) {
                try {
                    facts.clear(name);  // throws the library's "unknown fact" message
                } catch (const FactError& e) {
                    problems.push_back(
                        {std::nullopt, "/" + std::string(name), std::string(name), "", e.what()});
                }
                return;
            }
            rules.keys.remember(position, key.ptr(), *found, rules.rules.facts().size());
        }
        set_from_python(rules, facts, *found, value, missing, problems, types);
    };
    // A patient's visits, as read_facts_json reads them: the shape is never lenient.
    if (PyDict_Check(record.ptr()) && has_key<visits_key>(record) &&
        !rules.rules.find_fact("visits")) {
        auto fail = [&](std::string where, std::string message) {
            raise_facts_error({{record_index, std::move(where), "", "", std::move(message)}});
        };
        for (auto item : py::reinterpret_borrow<py::dict>(record))
            if (item.first.cast<std::string>() != "visits" &&
                item.first.cast<std::string>() != "evaluated_on")
                fail("/" + item.first.cast<std::string>(),
                     "a patient's visits are {\"visits\": [...], \"evaluated_on\": date}");
        read_evaluated_on(facts, record, record_index);
        py::handle visits = record["visits"];
        if (!PyList_Check(visits.ptr()) && !PyTuple_Check(visits.ptr()))
            fail("/visits", "\"visits\" must be a list of {\"date\": ..., \"facts\": {...}}");
        std::size_t i = 0;
        for (py::handle visit : visits) {
            auto where = fmt::format("/visits/{}", i);
            if (!PyDict_Check(visit.ptr()) || !visit.contains("date") || !visit.contains("facts") ||
                !PyDict_Check(visit["facts"].ptr()))
                fail(where,
                     fmt::format("visit {} must be {{\"date\": ..., \"facts\": {{...}}}}", i + 1));
            auto day = date_of(visit["date"]);
            if (!day)
                fail(where + "/date",
                     fmt::format("the date of visit {} must be an ISO 8601 calendar date such as "
                                 "\"2026-09-01\" or a datetime.date",
                                 i + 1));
            try {
                if (i == 0)
                    facts.date_visit(*day);
                else
                    facts.add_visit(*day);
            } catch (const FactError& e) {
                fail(where + "/date", e.what());
            }
            PyObject *key = nullptr, *value = nullptr;
            Py_ssize_t position = 0;
            for (std::size_t k = 0; PyDict_Next(visit["facts"].ptr(), &position, &key, &value); ++k)
                read_item(k, key, value);
            ++i;
        }
        if (i == 0) fail("/visits", "\"visits\" must not be empty");
    } else if (PyDict_Check(record.ptr())) {
        // One visit, evaluated on a given day when it says so (`time since` a date fact).
        bool dated = has_key<evaluated_on_key>(record) && !rules.rules.find_fact("evaluated_on");
        if (dated) read_evaluated_on(facts, record, record_index);
        PyObject *key = nullptr, *value = nullptr;
        Py_ssize_t position = 0;
        for (std::size_t k = 0; PyDict_Next(record.ptr(), &position, &key, &value); ++k)
            if (!dated || !PyUnicode_Check(key) ||
                std::string_view(PyUnicode_AsUTF8(key)) != "evaluated_on")
                read_item(k, key, value);
    } else if (py::hasattr(record, "items") && !PyUnicode_Check(record.ptr())) {
        std::size_t k = 0;
        for (py::handle item : record.attr("items")()) {
            auto pair = py::reinterpret_borrow<py::tuple>(item);
            read_item(k++, pair[0], pair[1]);
        }
    } else {
        problems.push_back({std::nullopt, "", "", shortened_repr(record),
                            fmt::format("a patient's facts are a mapping {{fact: value, ...}}, "
                                        "not a {}",
                                        type_name(record))});
    }
    for (auto i = first_new; i < problems.size(); ++i) problems[i].record = record_index;
}

void record_warnings(Facts& facts, std::vector<Problem>& problems) {
    for (auto& p : problems) {
        p.message += "; treated as unknown";  // as read_facts_json says it in lenient mode
        facts.add_warning({p.where, p.fact, p.message});
    }
}

}  // namespace ilio::python
