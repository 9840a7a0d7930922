package io.github.kafkaconnectsmc.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * One element of the simulated SMC: an engine, an engine node, a VPN, a tunnel or a tunnel endpoint. It has a REST
 * path ({@code elements/single_fw/1649/firewall_node/1650}, relative to {@code /{version}/}), a name, a REST type, its
 * children, and a current status body.
 *
 * <p>Thread safety: the tree is fixed once the catalog is built; {@link #status()} is guarded by the
 * {@link StatusSocketHub}'s lock, the only place statuses are read for sending or changed.
 */
public final class CatalogElement {

    /** What an element is, which decides its REST document and how its status changes. */
    public enum Role {
        ENGINE, NODE, VPN, TUNNEL, ENDPOINT
    }

    private final String path;
    private final String name;
    private final String type;
    private final Role role;
    private final CatalogElement parent;
    private final int nodeId;
    private final List<CatalogElement> children = new ArrayList<>();
    /** A view, not a copy: changes are looked up for each pushed status, and the tree is fixed once built. */
    private final List<CatalogElement> childrenView = Collections.unmodifiableList(children);
    private final ObjectNode status;
    /**
     * Guarded by the hub's lock: the status body as last rendered for a frame, kept until the status changes, so
     * that the subscriptions and sockets a change goes to, and snapshots, share one rendering.
     */
    private RenderedBody rendered;

    private record RenderedBody(ApiLocation location, String text) {
    }

    CatalogElement(CatalogElement parent, String pathSegment, String name, String type, Role role, int nodeId,
                   ObjectNode status) {
        this.parent = parent;
        this.path = parent == null ? "elements/" + pathSegment : parent.path + "/" + pathSegment;
        this.name = name;
        this.type = type;
        this.role = role;
        this.nodeId = nodeId;
        this.status = status;
        if (parent != null) {
            parent.children.add(this);
        }
    }

    public String path() {
        return path;
    }

    public String name() {
        return name;
    }

    public String type() {
        return type;
    }

    public Role role() {
        return role;
    }

    public List<CatalogElement> children() {
        return childrenView;
    }

    CatalogElement parent() {
        return parent;
    }

    int nodeId() {
        return nodeId;
    }

    /** The live status body, to read; {@link #changeStatus} changes it. Guarded by the hub's lock. */
    ObjectNode status() {
        return status;
    }

    /** Applies {@code change} to the status body and forgets its rendering. Under the hub's lock. */
    void changeStatus(Consumer<ObjectNode> change) {
        change.accept(status);
        rendered = null;
    }

    /** The text {@link #rememberRendered} kept for {@code location}, if the status has not changed since; or null. */
    String rendered(ApiLocation location) {
        RenderedBody last = rendered;
        return last != null && last.location().equals(location) ? last.text() : null;
    }

    /** Keeps {@code text}, the status body rendered for {@code location}, until the status changes. */
    void rememberRendered(ApiLocation location, String text) {
        rendered = new RenderedBody(location, text);
    }

    /**
     * The element whose children a status notification lists in {@code result}: its own for engines, VPNs and
     * tunnels; for a tunnel endpoint its VPN's, as in the only documented endpoint notification; none for nodes.
     */
    CatalogElement resultSource() {
        return switch (role) {
            case ENGINE, VPN, TUNNEL -> this;
            case ENDPOINT -> parent.parent;
            case NODE -> null;
        };
    }

    @Override
    public String toString() {
        return path + " (" + name + ")";
    }
}
