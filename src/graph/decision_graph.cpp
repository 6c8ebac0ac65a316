#include "graph/decision_graph.hpp"

#include <algorithm>
#include <functional>

#include <fmt/format.h>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/strong_components.hpp>
#include <boost/graph/topological_sort.hpp>

namespace ilio::graph {

namespace {

using detail::ItemKind;
using detail::no_index;
using detail::NodeOp;
using detail::OperandKind;
using detail::Program;

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
using Vertex = Graph::vertex_descriptor;

enum class VertexKind { fact, parameter, criterion, conclusion, step, gate, population, score };

/// Vertex numbering: facts, parameters, criteria, conclusions, steps, gates, populations, in
/// that order.
struct Layout {
    std::size_t facts, parameters, criteria, conclusions, steps, populations, scores;
    explicit Layout(const Program& p)
        : facts(p.facts.size()),
          parameters(p.parameters.size()),
          criteria(p.criteria.size()),
          conclusions(p.conclusions.size()),
          steps(p.steps.size()),
          populations(p.populations.size()),
          scores(p.scores.size()) {}
    Vertex fact(std::size_t i) const { return i; }
    Vertex parameter(std::size_t i) const { return facts + i; }
    Vertex criterion(std::size_t i) const { return facts + parameters + i; }
    Vertex conclusion(std::size_t i) const { return facts + parameters + criteria + i; }
    Vertex step(std::size_t i) const { return facts + parameters + criteria + conclusions + i; }
    Vertex gate(std::size_t i) const { return step(i) + steps; }
    Vertex population(std::size_t i) const { return gate(steps) + i; }
    Vertex score(std::size_t i) const { return population(populations) + i; }
    std::size_t size() const { return score(scores); }

    std::pair<VertexKind, std::size_t> decode(Vertex v) const {
        if (v < parameter(0)) return {VertexKind::fact, v};
        if (v < criterion(0)) return {VertexKind::parameter, v - parameter(0)};
        if (v < conclusion(0)) return {VertexKind::criterion, v - criterion(0)};
        if (v < step(0)) return {VertexKind::conclusion, v - conclusion(0)};
        if (v < gate(0)) return {VertexKind::step, v - step(0)};
        if (v < population(0)) return {VertexKind::gate, v - gate(0)};
        if (v < score(0)) return {VertexKind::population, v - population(0)};
        return {VertexKind::score, v - score(0)};
    }
    Vertex item_vertex(const detail::Item& item) const {
        switch (item.kind) {
            case ItemKind::criterion:
                return criterion(item.index);
            case ItemKind::conclusion:
                return conclusion(item.index);
            case ItemKind::gate:
                return gate(item.index);
            case ItemKind::population:
                return population(item.index);
            case ItemKind::score:
                return score(item.index);
        }
        return 0;
    }
};

/// Calls `visit(vertex)` for each vertex the item's nodes refer to.
template <typename Visit>
void for_each_reference(const Program& p, const Layout& layout, const detail::Item& item,
                        Visit visit) {
    for (auto n = item.node_begin; n < item.node_end; ++n) {
        const auto& node = p.nodes[n];
        detail::for_each_fact_read(p, p.eval_nodes[n], [&](FactIndex f) { visit(layout.fact(f)); });
        if (node.op == NodeOp::criterion_ref) visit(layout.criterion(node.ref));
        if (node.op == NodeOp::conclusion_ref) visit(layout.conclusion(node.ref));
        if (node.op == NodeOp::score_compare) visit(layout.score(node.ref));
        for (const auto& o : node.operands)
            detail::for_each_parameter_of(
                p, o.kind, o.index, [&](ParameterIndex prm) { visit(layout.parameter(prm)); });
    }
}

Graph build(const Program& p, const Layout& layout) {
    Graph g(layout.size());
    for (const auto& item : p.items) {
        auto target = layout.item_vertex(item);
        for_each_reference(p, layout, item, [&](Vertex source) { add_edge(source, target, g); });
    }
    for (std::size_t s = 0; s < p.steps.size(); ++s) {
        if (p.gate_item[s] != no_index) add_edge(layout.gate(s), layout.step(s), g);
        for (auto c : p.steps[s].conclusions) add_edge(layout.step(s), layout.conclusion(c), g);
    }
    for (ConclusionIndex c = 0; c < p.conclusions.size(); ++c) {
        auto [shared, own] = p.populations_of(c);
        if (shared != no_index) add_edge(layout.population(shared), layout.conclusion(c), g);
        if (own != no_index) add_edge(layout.population(own), layout.conclusion(c), g);
    }
    return g;
}

std::string vertex_name(const Program& p, const Layout& layout, Vertex v) {
    auto [kind, i] = layout.decode(v);
    switch (kind) {
        case VertexKind::fact:
            return fmt::format("fact `{}`", p.facts[i].name);
        case VertexKind::parameter:
            return fmt::format("parameter `{}`", p.parameters[i].name);
        case VertexKind::criterion:
            return fmt::format("criterion `{}`", p.criteria[i].name);
        case VertexKind::conclusion:
            return fmt::format("conclusion `{}`", p.conclusions[i].name);
        case VertexKind::step:
            return fmt::format("step `{}`", p.steps[i].name);
        case VertexKind::gate:
            return fmt::format("the gate of step `{}`", p.steps[i].name);
        case VertexKind::population:
            return fmt::format("population `{}`", p.populations[i].name);
        case VertexKind::score:
            return fmt::format("score `{}`", p.scores[i].name);
    }
    return {};
}

SourceSpan vertex_location(const Program& p, const Layout& layout, Vertex v) {
    auto [kind, i] = layout.decode(v);
    switch (kind) {
        case VertexKind::criterion:
            return p.criteria[i].location;
        case VertexKind::conclusion:
            return p.conclusions[i].location;
        case VertexKind::step:
            return p.steps[i].location;
        case VertexKind::gate:
            return p.nodes[p.items[p.gate_item[i]].root()].span;
        case VertexKind::population:
            return p.populations[i].location;
        case VertexKind::score:
            return p.scores[i].location;
        default:
            return {};
    }
}

/// One cycle through `start` inside its strongly connected component, in edge order. Iterative:
/// a component may hold thousands of vertices.
std::vector<Vertex> cycle_through(const Graph& g, Vertex start,
                                  const std::vector<std::size_t>& component) {
    using EdgeIt = Graph::out_edge_iterator;
    std::vector<Vertex> path{start};
    std::vector<std::pair<EdgeIt, EdgeIt>> edges_left{out_edges(start, g)};
    std::vector<bool> seen(num_vertices(g), false);
    while (!edges_left.empty()) {
        auto& [next, end] = edges_left.back();
        if (next == end) {
            edges_left.pop_back();
            path.pop_back();
            continue;
        }
        Vertex w = target(*next++, g);
        if (component[w] != component[start]) continue;
        if (w == start) return path;
        if (seen[w]) continue;
        seen[w] = true;
        path.push_back(w);
        edges_left.push_back(out_edges(w, g));
    }
    return {start};
}

bool report_cycles(const Program& p, const Layout& layout, const Graph& g,
                   const detail::SourceText& source, std::vector<Diagnostic>& diagnostics) {
    std::vector<std::size_t> component(num_vertices(g));
    auto count = boost::strong_components(g, component.data());
    std::vector<std::size_t> size(count, 0);
    for (auto c : component) ++size[c];
    std::vector<bool> reported(count, false);
    bool any = false;
    for (Vertex v = 0; v < num_vertices(g); ++v) {
        auto c = component[v];
        bool self_loop = false;
        for (auto [e, end] = out_edges(v, g); e != end; ++e) self_loop |= target(*e, g) == v;
        if (reported[c] || (size[c] < 2 && !self_loop)) continue;
        reported[c] = true;
        any = true;
        auto cycle = cycle_through(g, v, component);
        bool through_gate = false;
        std::string chain;
        for (auto member : cycle) {
            through_gate |= layout.decode(member).first == VertexKind::gate;
            chain += vertex_name(p, layout, member) + " → ";
        }
        chain += vertex_name(p, layout, cycle.front());
        Diagnostic d;
        d.severity = Severity::error;
        d.code = through_gate ? "E091" : "E090";
        d.file = source.file_name();
        d.span = vertex_location(p, layout, v);
        d.message = fmt::format("{} cycle: {}", through_gate ? "gate" : "dependency", chain);
        if (through_gate) d.message += ": a step's gate may not depend on its own conclusions";
        for (std::size_t i = 1; i < cycle.size(); ++i) {
            if (layout.decode(cycle[i]).first == VertexKind::step) continue;  // shown by its gate
            auto where = vertex_location(p, layout, cycle[i]);
            if (where.begin.line != 0)
                d.notes.push_back({vertex_name(p, layout, cycle[i]) + " is defined here",
                                   source.file_name(), where});
        }
        diagnostics.push_back(std::move(d));
    }
    return any;
}

/// Conditions that refer to conditions that refer to … are nesting too: bound it like
/// parentheses, so that explaining a derivation never runs deeper than the documented limit.
bool check_reference_depth(const Program& p, const Layout& layout, const detail::SourceText& source,
                           std::vector<Diagnostic>& diagnostics) {
    std::vector<std::uint32_t> item_of_vertex(layout.size(), no_index);
    for (std::uint32_t i = 0; i < p.items.size(); ++i)
        item_of_vertex[layout.item_vertex(p.items[i])] = i;
    std::vector<int> depth(p.items.size(), 1);
    for (std::uint32_t i = 0; i < p.items.size(); ++i) {  // topological order
        auto deepen = [&](std::uint32_t dependency) {
            if (dependency != no_index) depth[i] = std::max(depth[i], depth[dependency] + 1);
        };
        for_each_reference(p, layout, p.items[i], [&](Vertex v) {
            auto [kind, index] = layout.decode(v);
            if (kind == VertexKind::criterion || kind == VertexKind::conclusion ||
                kind == VertexKind::score)
                deepen(item_of_vertex[v]);
            if (kind == VertexKind::conclusion && p.conclusions[index].step)
                deepen(p.gate_item[*p.conclusions[index].step]);
        });
        if (p.items[i].kind == ItemKind::conclusion && p.conclusions[p.items[i].index].step)
            deepen(p.gate_item[*p.conclusions[p.items[i].index].step]);
        if (depth[i] > max_nesting_depth) {
            Vertex v = layout.item_vertex(p.items[i]);
            Diagnostic d;
            d.severity = Severity::error;
            d.code = "E006";
            d.file = source.file_name();
            d.span = vertex_location(p, layout, v);
            d.message = fmt::format(
                "{} depends on a chain of more than {} criteria, conclusions and gates that "
                "refer to each other: split or flatten the chain",
                vertex_name(p, layout, v), max_nesting_depth);
            diagnostics.push_back(std::move(d));
            return false;
        }
    }
    return true;
}

/// What `for_each(node, add)` adds for each eval node, as one flat list, and where each node's
/// part of it begins (`begin` has a last entry for the end).
template <typename ForEach>
void list_per_node(const Program& p, std::vector<std::uint32_t>& begin,
                   std::vector<std::uint32_t>& list, ForEach for_each) {
    begin.clear();
    list.clear();
    for (const auto& node : p.eval_nodes) {
        begin.push_back(static_cast<std::uint32_t>(list.size()));
        for_each(node, [&](std::uint32_t x) { list.push_back(x); });
    }
    begin.push_back(static_cast<std::uint32_t>(list.size()));
}

/// The packed form of every node that evaluation reads (and the graph too: one way to read a
/// node's facts serves both). Parameters are read from the nodes themselves, not from here.
void pack_nodes(Program& p) {
    p.eval_nodes.clear();
    p.eval_values.clear();
    p.held_nodes.clear();
    for (const auto& node : p.nodes) {
        if (node.op == NodeOp::held)
            p.held_nodes.push_back(static_cast<std::uint32_t>(p.eval_nodes.size()));
        detail::EvalNode e{
            node.op,       node.compare,     node.negate,
            node.constant, node.first_child, node.child_count,
            node.ref,      node.count,       static_cast<std::uint32_t>(p.eval_values.size()),
            node.mask};
        for (const auto& o : node.operands) {
            if (o.kind == OperandKind::none) continue;
            // A parameter is fixed once compiled (overrides included): evaluation reads it as
            // the literal it is, so the common `fact <= parameter` is one shape (leaf_truth).
            if (o.kind == OperandKind::parameter)
                p.eval_values.push_back(
                    {OperandKind::literal, no_index, p.parameter_base_values[o.index]});
            else
                p.eval_values.push_back({o.kind, o.index, o.value});
        }
        p.eval_nodes.push_back(e);
    }
    list_per_node(p, p.node_facts_begin, p.node_facts,
                  [&](const auto& node, auto add) { detail::for_each_fact_read(p, node, add); });
}

/// Once the items are ordered (references resolve to items only then).
void list_references(Program& p) {
    list_per_node(p, p.node_refs_begin, p.node_refs, [&](const auto& node, auto add) {
        detail::for_each_referenced_item(p, node, add);
    });
}

/// Program::subtree_begin: a node's subtree is contiguous when its children's are, each lies
/// before it, and together they fill the nodes right before it. Where a node is the child of
/// two (the nodes are then no forest), no subtree is: a walk skipping one parent's subtree
/// could miss the child the other opened.
void mark_subtrees(Program& p) {
    const auto count = static_cast<std::uint32_t>(p.eval_nodes.size());
    std::vector<std::uint32_t> size(count, 0);  // a contiguous subtree's nodes; 0: not one
    std::vector<std::uint8_t> claimed(count, 0);
    p.subtree_begin.resize(count);
    bool forest = true;
    for (auto kid : p.children) {
        forest = forest && !claimed[kid];
        claimed[kid] = 1;
    }
    for (std::uint32_t n = 0; n < count; ++n) {
        const auto& node = p.eval_nodes[n];
        bool contiguous = forest;
        std::uint32_t nodes = 1, lowest = n;
        for (std::uint32_t k = 0; k < node.child_count && contiguous; ++k) {
            auto kid = p.children[node.first_child + k];
            contiguous = kid < n && size[kid] != 0;
            nodes += size[kid];
            lowest = std::min(lowest, p.subtree_begin[kid]);
        }
        // Disjoint ranges below n, as many nodes as lie from the lowest to n: they fill it.
        contiguous = contiguous && lowest + nodes == n + 1;
        size[n] = contiguous ? nodes : 0;
        p.subtree_begin[n] = contiguous ? lowest : n;
    }
}

/// Program::node_may_close, over the items in evaluation order: a criterion's nodes before the
/// nodes that refer to it, and within an item children before their parents, as
/// Evaluator::closer_of reads them.
void mark_nodes_that_may_close(Program& p) {
    p.node_may_close.assign(p.eval_nodes.size(), 0);
    for (const auto& item : p.items)
        for (auto n = item.node_begin; n < item.node_end; ++n) {
            const auto& node = p.eval_nodes[n];
            const std::uint32_t* kids = p.children.data() + node.first_child;
            std::uint8_t may = 0;
            switch (node.op) {
                case NodeOp::conclusion_ref:
                    may = 1;
                    break;
                case NodeOp::criterion_ref:
                    may = p.node_may_close[p.criterion_root[node.ref]];
                    break;
                case NodeOp::logical_not:
                case NodeOp::logical_and:
                case NodeOp::logical_or:
                case NodeOp::at_least:
                    for (std::uint32_t k = 0; k < node.child_count; ++k)
                        may |= p.node_may_close[kids[k]];
                    break;
                default:
                    break;
            }
            p.node_may_close[n] = may;
        }
}

}  // namespace

bool order_program(Program& p, const detail::SourceText& source,
                   std::vector<Diagnostic>& diagnostics) {
    pack_nodes(p);
    Layout layout(p);
    Graph g = build(p, layout);
    if (report_cycles(p, layout, g, source, diagnostics)) return false;

    std::vector<Vertex> reversed;
    boost::topological_sort(g, std::back_inserter(reversed));
    std::vector<std::uint32_t> rank(layout.size());
    for (std::size_t i = 0; i < reversed.size(); ++i)
        rank[reversed[reversed.size() - 1 - i]] = static_cast<std::uint32_t>(i);

    // Items keep their node ranges; only their order changes, so item indices are remapped.
    std::vector<std::uint32_t> order(p.items.size());
    for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) {
        return rank[layout.item_vertex(p.items[a])] < rank[layout.item_vertex(p.items[b])];
    });
    std::vector<detail::Item> items;
    std::vector<std::uint32_t> new_index(p.items.size());
    for (std::uint32_t i = 0; i < order.size(); ++i) {
        items.push_back(p.items[order[i]]);
        new_index[order[i]] = i;
    }
    p.items = std::move(items);
    for (auto* table :
         {&p.criterion_item, &p.conclusion_item, &p.gate_item, &p.population_item, &p.score_item})
        for (auto& i : *table)
            if (i != no_index) i = new_index[i];

    p.criterion_root.clear();
    for (auto item : p.criterion_item)
        p.criterion_root.push_back(item == no_index ? no_index : p.items[item].root());
    p.conclusion_context.clear();
    for (ConclusionIndex c = 0; c < p.conclusions.size(); ++c) {
        auto [shared, own] = p.populations_of(c);
        p.conclusion_context.push_back({p.conclusions[c].step.value_or(no_index), shared, own});
    }

    if (!check_reference_depth(p, layout, source, diagnostics)) return false;
    list_references(p);
    mark_subtrees(p);
    mark_nodes_that_may_close(p);
    return true;
}

}  // namespace ilio::graph
