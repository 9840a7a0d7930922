package io.github.kafkaconnectsmc.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The JSON documents of the simulated REST API: the version list, entry points, element lists, element documents and
 * error bodies, in the shapes the SMC API reference gives.
 */
final class RestDocuments {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private RestDocuments() {
    }

    /** {@code GET /api}: {@code {"version":[{"rel":"7.1","href":".../7.1/api"}, ...]}}. */
    static ObjectNode versions(String baseUrl, List<String> versions) {
        ObjectNode root = JSON.objectNode();
        ArrayNode list = root.putArray("version");
        for (String version : versions) {
            list.addObject().put("rel", version).put("href", baseUrl + "/" + version + "/api");
        }
        return root;
    }

    /** {@code GET /{version}/api}: login, logout and one entry per REST element type. */
    static ObjectNode entryPoints(ApiLocation location) {
        ObjectNode root = JSON.objectNode();
        ArrayNode list = root.putArray("entry_point");
        list.addObject().put("rel", "login").put("href", location.href("login")).put("method", "POST");
        list.addObject().put("rel", "logout").put("href", location.href("logout")).put("method", "PUT");
        SmcFamilies.REST_TYPES.stream().sorted().forEach(type ->
                list.addObject().put("rel", type).put("href", location.href("elements/" + type)).put("method", "GET"));
        return root;
    }

    /** {@code GET /{version}/elements/{type}}: {@code {"result":[{"href","name","type"}, ...]}}. */
    static ObjectNode elementList(ApiLocation location, List<CatalogElement> elements) {
        ObjectNode root = JSON.objectNode();
        ArrayNode result = root.putArray("result");
        for (CatalogElement element : elements) {
            result.add(reference(location, element));
        }
        return root;
    }

    /** A {@code {"href","name","type"}} reference, as in element lists and in a status body's {@code result}. */
    static ObjectNode reference(ApiLocation location, CatalogElement element) {
        return JSON.objectNode().put("href", location.href(element.path())).put("name", element.name())
                .put("type", element.type());
    }

    /**
     * {@code GET <element href>}. An engine lists its nodes wrapped in their type, as real SMCs do:
     * {@code {"nodes":[{"firewall_node":{"name":..,"nodeid":1,"link":[{"rel":"self","href":..}]}}]}}.
     */
    static ObjectNode elementDocument(ApiLocation location, CatalogElement element) {
        ObjectNode document = JSON.objectNode().put("name", element.name());
        switch (element.role()) {
            case ENGINE -> {
                ArrayNode nodes = document.putArray("nodes");
                for (CatalogElement node : element.children()) {
                    nodes.addObject().set(node.type(), nodeSummary(location, node));
                }
            }
            case NODE -> document.put("nodeid", element.nodeId()).put("disabled", false);
            case VPN, TUNNEL, ENDPOINT -> {
                // Their documents hold nothing the connector reads beyond name and links.
            }
        }
        document.set("link", links(location, element));
        return document;
    }

    private static ObjectNode nodeSummary(ApiLocation location, CatalogElement node) {
        ObjectNode summary = JSON.objectNode().put("name", node.name()).put("nodeid", node.nodeId())
                .put("disabled", false);
        summary.set("link", links(location, node));
        return summary;
    }

    private static ArrayNode links(ApiLocation location, CatalogElement element) {
        ArrayNode links = JSON.arrayNode();
        links.addObject().put("rel", "self").put("href", location.href(element.path())).put("method", "GET")
                .put("type", element.type());
        for (CatalogElement child : element.children()) {
            links.addObject().put("rel", child.type()).put("href", location.href(child.path())).put("method", "GET");
        }
        return links;
    }

    /** An error body: {@code {"message":..,"details":[..]}}. */
    static ObjectNode error(String message, String... details) {
        ObjectNode root = JSON.objectNode().put("message", message);
        ArrayNode list = root.putArray("details");
        for (String detail : details) {
            list.add(detail);
        }
        return root;
    }
}
