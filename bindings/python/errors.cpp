// ilio.FactsError and ilio.CompileError are defined in Python (ilio/_errors.py), so that they
// carry their structured problems and pickle; the core raises them with those objects.

#include <fmt/format.h>

#include "bindings.hpp"

namespace ilio::python {

namespace {

[[noreturn]] void raise(const char* name, const std::string& message, py::object details) {
    py::object type = py::module_::import("ilio._errors").attr(name);
    py::object error = type(message, std::move(details));
    PyErr_SetObject(type.ptr(), error.ptr());
    throw py::error_already_set();
}

}  // namespace

void raise_facts_error(const std::vector<Problem>& problems) {
    std::string message;
    py::list items;
    for (const auto& p : problems) {
        std::string where = p.record ? fmt::format("record {}", *p.record) : std::string();
        if (!p.where.empty()) where += (where.empty() ? "" : " ") + p.where;
        message += (message.empty() ? "" : "\n") + (where.empty() ? "" : where + ": ") + p.message;
        items.append(py::cast(p));
    }
    raise("FactsError", message, items);
}

void raise_compile_error(const CompileResult& result) {
    py::list items;
    for (const auto& d : result.diagnostics) items.append(py::cast(d));
    raise("CompileError", render_diagnostics(result.diagnostics, result.source), items);
}

}  // namespace ilio::python
