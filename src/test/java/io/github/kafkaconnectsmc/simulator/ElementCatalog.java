package io.github.kafkaconnectsmc.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The elements of the simulated SMC and how they are found: by REST path, by the REST type that lists them, and by the
 * status context whose subscription covers them.
 *
 * <p>A context subscription covers the <em>nodes</em> of the engines its REST type lists ({@code fw_single} covers
 * "Plano node 1", not "Plano"), as in the documented engine-node notification; for families without nodes (VPNs) it
 * covers the listed elements themselves. Every element, engines included, can be subscribed to by its URI.
 */
public final class ElementCatalog {

    private final Map<String, CatalogElement> byPath = new LinkedHashMap<>();
    private final Map<String, List<CatalogElement>> listedByType = new LinkedHashMap<>();
    private final Map<String, List<CatalogElement>> membersByContext = new LinkedHashMap<>();

    /** {@code topLevel}: the elements {@code GET /{version}/elements/{type}} lists, each with its subtree. */
    ElementCatalog(List<CatalogElement> topLevel) {
        for (CatalogElement element : topLevel) {
            listedByType.computeIfAbsent(element.type(), type -> new ArrayList<>()).add(element);
            index(element);
        }
        SmcFamilies.CONTEXT_TO_REST_TYPE.forEach((context, type) -> {
            List<CatalogElement> members = new ArrayList<>();
            for (CatalogElement listed : listedByType.getOrDefault(type, List.of())) {
                if (listed.role() == CatalogElement.Role.ENGINE) {
                    members.addAll(listed.children());
                } else {
                    members.add(listed);
                }
            }
            membersByContext.put(context, List.copyOf(members));
        });
    }

    private void index(CatalogElement element) {
        byPath.put(element.path(), element);
        element.children().forEach(this::index);
    }

    /** The element at {@code path}, such as {@code elements/single_fw/1649/firewall_node/1650}. */
    public Optional<CatalogElement> element(String path) {
        return Optional.ofNullable(byPath.get(path));
    }

    /** What {@code GET /{version}/elements/{type}} lists; empty for a known type without elements. */
    public Optional<List<CatalogElement>> listed(String type) {
        if (!SmcFamilies.REST_TYPES.contains(type)) {
            return Optional.empty();
        }
        return Optional.of(List.copyOf(listedByType.getOrDefault(type, List.of())));
    }

    /** The elements a subscription to {@code context} reports, in snapshot order; empty for an unknown context. */
    public Optional<List<CatalogElement>> membersOf(String context) {
        return Optional.ofNullable(membersByContext.get(context));
    }

    /** Every element, parents before children. */
    public List<CatalogElement> all() {
        return List.copyOf(byPath.values());
    }
}
