#include "report/graph_layout.hpp"

#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

namespace ilio::report {

std::string dot_to_svg(std::string_view dot) {
    // Graphviz keeps global state: one layout at a time.
    static std::mutex lock;
    std::lock_guard guard(lock);
    static GVC_t* context = gvContext();
    std::string text(dot);
    agseterr(AGMAX);  // errors come back as an exception, not on standard error
    std::unique_ptr<Agraph_t, int (*)(Agraph_t*)> graph(agmemread(text.c_str()), agclose);
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
