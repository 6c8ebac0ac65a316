#include "report/graph_layout.hpp"

#include <cstdio>
#include <deque>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <unordered_map>

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

namespace ilio::report {

namespace {

/// Object IDs in the order names are first read. Graphviz's default IDs for named objects are
/// the addresses of their interned names, and it orders subgraphs by ID: in a process that has
/// laid out graphs before, freed memory is reused, the clusters come out in another order and
/// the same graph gets another layout. Sequential IDs make every layout of a graph the same.
struct SequentialIds {
    std::deque<std::string> names;  // stable addresses: Graphviz keeps the printed pointers
    std::unordered_map<std::string, IDTYPE> ids;
    IDTYPE anonymous = 1;  // odd, as Graphviz's own anonymous IDs; named ones are even
};

/// The IDs of the graph dot_to_svg is laying out (one at a time, under its lock), which owns
/// them: cgraph's agclose frees a root graph whose memory discipline has a `close` (AgMemDisc
/// has) without calling the ID discipline's `close`, so IDs made here with `new` leaked with
/// every layout, names and all (LeakSanitizer, in the report tests).
SequentialIds* laying_out = nullptr;

void* ids_open(Agraph_t*, Agdisc_t*) {
    return laying_out;
}
long ids_map(void* state, int, char* name, IDTYPE* id, int create) {
    auto& s = *static_cast<SequentialIds*>(state);
    if (!name) {
        *id = s.anonymous;
        s.anonymous += 2;
        return 1;
    }
    if (auto it = s.ids.find(name); it != s.ids.end()) {
        *id = it->second;
        return 1;
    }
    if (!create) return 0;
    s.names.emplace_back(name);
    *id = 2 * static_cast<IDTYPE>(s.names.size());
    s.ids.emplace(s.names.back(), *id);
    return 1;
}
long ids_alloc(void*, int, IDTYPE) {
    return 0;  // no object asks for an ID of its choosing
}
void ids_free(void*, int, IDTYPE) {}
char* ids_print(void* state, int, IDTYPE id) {
    auto& s = *static_cast<SequentialIds*>(state);
    if (id % 2 != 0 || id == 0 || id / 2 > s.names.size()) return nullptr;
    return s.names[id / 2 - 1].data();
}
void ids_close(void*) {}  // dot_to_svg owns the IDs
void ids_register(void*, int, void*) {}

Agiddisc_t sequential_ids{ids_open,  ids_map,   ids_alloc,   ids_free,
                          ids_print, ids_close, ids_register};

}  // namespace

std::string dot_to_svg(std::string_view dot) {
    // Graphviz keeps global state: one layout at a time.
    static std::mutex lock;
    std::lock_guard guard(lock);
    static GVC_t* context = gvContext();
    SequentialIds ids;  // outlives the graph, declared below
    laying_out = &ids;
    std::string text(dot);
    agseterr(AGMAX);  // errors come back as an exception, not on standard error
    std::unique_ptr<FILE, int (*)(FILE*)> in(fmemopen(text.data(), text.size(), "r"), fclose);
    if (!in) throw std::runtime_error("Graphviz could not read the decision graph");
    Agdisc_t disc{&AgMemDisc, &sequential_ids, &AgIoDisc};
    std::unique_ptr<Agraph_t, int (*)(Agraph_t*)> graph(agread(in.get(), &disc), agclose);
    if (!graph) throw std::runtime_error("Graphviz could not read the decision graph");
    if (gvLayout(context, graph.get(), "dot") != 0)
        throw std::runtime_error("Graphviz could not lay out the decision graph");
    char* data = nullptr;
    unsigned int length = 0;
    int rendered = gvRenderData(context, graph.get(), "svg", &data, &length);
    std::string svg = rendered == 0 && data ? std::string(data, length) : std::string();
    if (data) gvFreeRenderData(data);
    gvFreeLayout(context, graph.get());
    if (svg.empty()) throw std::runtime_error("Graphviz could not render the decision graph");
    auto start = svg.find("<svg");
    return start == std::string::npos ? svg : svg.substr(start);
}

}  // namespace ilio::report
