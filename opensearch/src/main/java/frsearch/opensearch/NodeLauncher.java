package frsearch.opensearch;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * Starts one OpenSearch node in this JVM, its plugins loaded from the class
 * path rather than from a distribution's plugins folder.
 *
 * <p>Arguments are node settings, {@code key=value} each, e.g.
 * {@code node.name=node-1 http.port=9200}; {@code path.home} is required.
 * The node runs until the JVM is asked to stop (SIGTERM or SIGINT), then
 * closes cleanly so that its data folder can be reopened.
 */
public final class NodeLauncher {

    /** The plugins a node of this project needs: HTTP and transport, the analysis filters. */
    static final List<Class<? extends Plugin>> PLUGINS = List.of(Netty4Plugin.class, CommonAnalysisPlugin.class);

    private NodeLauncher() {}

    /** A {@link Node} built from plugin classes, which the public constructor cannot take. */
    static final class ClasspathNode extends Node {
        ClasspathNode(Environment environment) {
            // true: refuse private index settings from clients, as a packaged node does.
            super(environment, PLUGINS, true);
        }
    }

    static Settings parse(String[] args) {
        Settings.Builder builder = Settings.builder();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("expected key=value, got: " + arg);
            }
            builder.put(arg.substring(0, equals), arg.substring(equals + 1));
        }
        Settings settings = builder.build();
        if (!settings.hasValue("path.home")) {
            throw new IllegalArgumentException("path.home=<folder> is required");
        }
        return settings;
    }

    public static void main(String[] args) throws Exception {
        Settings settings;
        try {
            settings = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
            return;
        }
        Path config = Path.of(settings.get("path.home")).resolve("config");
        Environment environment = InternalSettingsPreparer.prepareEnvironment(
            settings, Collections.emptyMap(), config, () -> settings.get("node.name", "node"));
        Node node = new ClasspathNode(environment);
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                closed.countDown();
            }
        }, "node-shutdown"));
        try {
            node.start();
        } catch (Exception e) {
            e.printStackTrace();
            node.close();
            // Last, so that the tail of the log shown by start.sh names the cause.
            System.err.println("error: node did not start: " + e.getMessage());
            System.exit(1);
        }
        // The node's own threads are daemons: keep the JVM alive until the hook has run.
        closed.await();
    }
}
