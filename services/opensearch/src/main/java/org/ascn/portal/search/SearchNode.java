package org.ascn.portal.search;

import static org.codelibs.opensearch.runner.OpenSearchRunner.newConfigs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.codelibs.opensearch.runner.OpenSearchRunner;

/**
 * Starts one OpenSearch node in this JVM and keeps it running until the process is stopped.
 *
 * <p>One node per process, so that a test can lose a node the way a cluster does: by killing its
 * process. Arguments (all required): {@code --home DIR --http-port N --transport-port N
 * --cluster-ports N,N,...} where the cluster ports are the transport ports of every node of the
 * cluster (one port: a single-node cluster). A node is named after its transport port.
 */
public final class SearchNode {

    private SearchNode() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        String home = options.get("home");
        String httpPort = options.get("http-port");
        String transportPort = options.get("transport-port");
        String name = "node-" + transportPort;
        String[] clusterPorts = options.get("cluster-ports").split(",");

        List<String> seedHosts = new ArrayList<>();
        List<String> clusterManagers = new ArrayList<>();
        for (String port : clusterPorts) {
            seedHosts.add("127.0.0.1:" + port.trim());
            clusterManagers.add("node-" + port.trim());
        }

        OpenSearchRunner runner = new OpenSearchRunner();
        runner.onBuild((number, settings) -> {
            settings.put("node.name", name);
            settings.put("network.host", "127.0.0.1");
            settings.put("http.port", httpPort);
            settings.put("transport.port", transportPort);
            // A test machine's disk fill level must not turn indices read-only.
            settings.put("cluster.routing.allocation.disk.threshold_enabled", false);
            if (clusterPorts.length == 1) {
                settings.put("discovery.type", "single-node");
            } else {
                settings.putList("discovery.seed_hosts", seedHosts);
                settings.putList("cluster.initial_cluster_manager_nodes", clusterManagers);
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                runner.close();
            } catch (Exception e) {
                System.err.println("Closing the node failed: " + e);
            }
        }));
        runner.build(newConfigs().basePath(home).numOfNode(1).clusterName("ascn-portal").disableESLogger());
        System.out.println("Node " + name + " started: http://127.0.0.1:" + httpPort);
        while (!runner.isClosed()) {
            Thread.sleep(1000);
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("Expected --option value, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        for (String required : List.of("home", "http-port", "transport-port", "cluster-ports")) {
            if (!options.containsKey(required)) {
                throw new IllegalArgumentException("Missing --" + required);
            }
        }
        return options;
    }
}
