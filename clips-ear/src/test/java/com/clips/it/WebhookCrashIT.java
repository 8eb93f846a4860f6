package com.clips.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Webhook delivery on two nodes of one database: the suite's server and a second node (ports +400,
 * started and killed like CrashRecoveryIT's). Both dispatch at once and no delivery is sent twice;
 * a node killed with SIGKILL after it claimed a delivery and before the answer came sends it again
 * once it is back (same webhook-id), with nothing lost.
 */
@ExtendWith(ArquillianExtension.class)
class WebhookCrashIT {

    private static WildFlyNode node;
    private static WebhookSink sink;

    @ArquillianResource
    ManagementClient management;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return TestStack.ear();
    }

    @BeforeAll
    static void startNode() throws Exception {
        sink = new WebhookSink();
        node = new WildFlyNode("hooks-node", 400).prepare();
        node.start();
        TestStack.asAdminToken(node.api());
    }

    @AfterAll
    static void stopNode() throws Exception {
        if (node != null) {
            node.close();
        }
        sink.close();
    }

    private static String tenantToken() {
        var tenant = TestStack.newTenant("crash-hooks", Map.of());
        return TestStack.token(
                tenant.getString("administrator.clientId"), tenant.getString("administrator.clientSecret"));
    }

    private static String register(String api, String token, String path) {
        return RestAssured.given()
                .auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("url", sink.url(path)))
                .post(api + "/webhooks/endpoints")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static String test(String api, String token, String endpoint) {
        return RestAssured.given()
                .auth()
                .oauth2(token)
                .post(api + "/webhooks/endpoints/" + endpoint + "/test")
                .then()
                .statusCode(202)
                .extract()
                .path("eventId");
    }

    @Test
    void twoDispatchersOnOneDatabaseNeverSendADeliveryTwice() throws Exception {
        var token = tenantToken();
        int endpoints = 4;
        int each = 40;
        sink.delayEveryAnswer(Duration.ofMillis(150)); // requests stay in flight: one node cannot take them all
        try {
            var ids = new HashMap<String, List<String>>();
            for (int e = 0; e < endpoints; e++) {
                var endpoint = register(TestStack.API, token, "/many-" + e);
                var sent = new ArrayList<String>();
                for (int i = 0; i < each; i++) {
                    sent.add(test(i % 2 == 0 ? TestStack.API : node.api(), token, endpoint));
                }
                ids.put("/many-" + e, sent);
            }
            for (var path : ids.keySet()) {
                sink.await(path, each, Duration.ofMinutes(3));
            }
            Thread.sleep(3000); // a duplicate would arrive now, not later: every delivery is recorded DELIVERED
            for (var entry : ids.entrySet()) {
                assertThat(sink.at(entry.getKey()))
                        .extracting(WebhookSink.Received::id)
                        .containsExactlyInAnyOrderElementsOf(entry.getValue());
            }
            var delivered =
                    TestStack.count("select count(*) from clips.webhook_delivery d join clips.webhook_endpoint w"
                            + " on w.id = d.endpoint_id where w.url like '%/many-%' and d.state = 'DELIVERED' and d.attempts = 1"
                            + " and w.tenant_id = (select tenant_id from clips.webhook_endpoint where url = '"
                            + sink.url("/many-0") + "')");
            assertThat(delivered).isEqualTo((long) endpoints * each);
            // both dispatchers took part
            assertThat(TestStack.count("select count(distinct a.node) from clips.webhook_attempt a"
                            + " join clips.webhook_endpoint w on w.id = a.endpoint_id where w.url like '"
                            + sink.url("/many-") + "%'"))
                    .isEqualTo(2);
        } finally {
            sink.delayEveryAnswer(Duration.ZERO);
        }
    }

    @Test
    void aDeliveryClaimedByANodeKilledMidRequestIsSentAgainWhenTheNodeIsBack() throws Exception {
        var token = tenantToken();
        var endpoint = register(node.api(), token, "/crash");
        var answered = new CountDownLatch(1);
        sink.plan("/crash", WebhookSink.Reply.hangUntil(answered));
        dispatchOnSuiteServer(false); // only the node sends, so the node is the one holding the claim
        try {
            var eventId = test(node.api(), token, endpoint);
            var first = sink.await("/crash", 1, Duration.ofMinutes(1));
            assertThat(first.get(0).id()).isEqualTo(eventId);

            node.kill();
            answered.countDown();
            assertThat(TestStack.count("select count(*) from clips.webhook_delivery d join clips.webhook_endpoint w"
                            + " on w.id = d.endpoint_id where w.public_id = '" + endpoint
                            + "' and d.state = 'SENDING' and d.attempts = 0"))
                    .isEqualTo(1);

            node.start();
            var both = sink.await("/crash", 2, Duration.ofMinutes(2));
            assertThat(both).extracting(WebhookSink.Received::id).containsExactly(eventId, eventId);
            assertThat(both.get(1).body()).isEqualTo(both.get(0).body());
            var log = RestAssured.given()
                    .auth()
                    .oauth2(token)
                    .get(TestStack.API + "/webhooks/endpoints/" + endpoint + "/deliveries")
                    .jsonPath();
            assertThat(log.getList("items.statusCode")).containsExactly(200);
            assertThat(log.getList("items.deliveryState")).containsExactly("DELIVERED");
        } finally {
            dispatchOnSuiteServer(true);
        }
    }

    /** Takes the suite's server in or out of dispatching at run time (clips.webhooks.dispatch). */
    private void dispatchOnSuiteServer(boolean on) throws Exception {
        var op = new ModelNode();
        op.get("address").add("system-property", "clips.webhooks.dispatch");
        if (on) {
            op.get("operation").set("remove");
        } else {
            op.get("operation").set("add");
            op.get("value").set("false");
        }
        var result = management.getControllerClient().execute(op);
        assertThat(result.get("outcome").asString()).as(result.toString()).isEqualTo("success");
    }
}
