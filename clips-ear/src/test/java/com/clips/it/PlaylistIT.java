package com.clips.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Playlists over HTTP: create, fill, move one, set the order, remove, page, privacy, and bad input. */
@ExtendWith(ArquillianExtension.class)
class PlaylistIT {

    private static final String PLAYLISTS = TestStack.API + "/playlists";
    private static final List<String> clips = new ArrayList<>();

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return TestStack.ear();
    }

    @BeforeAll
    static void fourClips() throws Exception {
        for (int i = 0; i < 4; i++) {
            var location = TestStack.upload(
                    TestStack.h264Clip("playlist-" + i + ".mp4", 160, 120, 10, 1), "title", "Clip " + i);
            clips.add(location.substring(location.lastIndexOf('/') + 1));
        }
    }

    @Test
    void theOwnerFillsAndOrdersAPlaylistAndTheOrderStaysStable() {
        var playlist = create(Map.of("name", "Best of week", "description", "top plays"));
        var items = PLAYLISTS + "/" + playlist + "/assets";
        for (var clip : clips) {
            TestStack.asAdmin().put(items + "/" + clip).then().statusCode(200);
        }
        TestStack.asAdmin()
                .put(items + "/" + clips.get(0))
                .then()
                .statusCode(200)
                .body("items", org.hamcrest.Matchers.equalTo(4));
        assertThat(order(playlist)).containsExactlyElementsOf(clips);

        move(playlist, clips.get(3), 0);
        assertThat(order(playlist)).containsExactly(clips.get(3), clips.get(0), clips.get(1), clips.get(2));
        move(playlist, clips.get(3), 3);
        assertThat(order(playlist)).containsExactlyElementsOf(clips);
        move(playlist, clips.get(0), 2);
        assertThat(order(playlist)).containsExactly(clips.get(1), clips.get(2), clips.get(0), clips.get(3));

        var full = List.of(clips.get(2), clips.get(3), clips.get(1), clips.get(0));
        json(TestStack.asAdmin())
                .body(Map.of("assetIds", full))
                .post(PLAYLISTS + "/" + playlist + "/order")
                .then()
                .statusCode(200);
        assertThat(order(playlist)).containsExactlyElementsOf(full);

        TestStack.asAdmin()
                .delete(items + "/" + clips.get(3))
                .then()
                .statusCode(200)
                .body("items", org.hamcrest.Matchers.equalTo(3));
        TestStack.asAdmin().delete(items + "/" + clips.get(3)).then().statusCode(200);
        assertThat(order(playlist)).containsExactly(clips.get(2), clips.get(1), clips.get(0));
        move(playlist, clips.get(0), 0);
        assertThat(order(playlist)).containsExactly(clips.get(0), clips.get(2), clips.get(1));

        var page2 = TestStack.asAdmin()
                .queryParam("pageSize", 2)
                .queryParam("page", 2)
                .get(items)
                .jsonPath();
        assertThat(page2.getList("items.id", String.class)).containsExactly(clips.get(1));
        assertThat(page2.getLong("total")).isEqualTo(3);

        var renamed = json(TestStack.asAdmin())
                .body(Map.of("name", "Best of month", "visibility", "private"))
                .patch(PLAYLISTS + "/" + playlist)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(renamed.getString("name")).isEqualTo("Best of month");
        assertThat(renamed.getString("description")).isEqualTo("top plays");
        assertThat(renamed.getString("visibility")).isEqualTo("private");
        assertThat(TestStack.asAdmin()
                        .get(TestStack.API + "/me/playlists")
                        .jsonPath()
                        .getList("items.id", String.class))
                .contains(playlist);

        TestStack.asAdmin().delete(PLAYLISTS + "/" + playlist).then().statusCode(204);
        TestStack.assertProblem(TestStack.asAdmin().get(PLAYLISTS + "/" + playlist), 404, "/problems/not-found");
        TestStack.asAdmin()
                .get(TestStack.API + "/assets/" + clips.get(0))
                .then()
                .statusCode(200);
    }

    @Test
    void othersReadPublicPlaylistsButNeverChangeThemAndPrivateOnesAreNotFound() throws Exception {
        var open = create(Map.of("name", "Shared"));
        var hidden = create(Map.of("name", "Mine only", "visibility", "private"));
        TestStack.asAdmin()
                .put(PLAYLISTS + "/" + open + "/assets/" + clips.get(0))
                .then()
                .statusCode(200);
        var user = RestAssured.given().auth().oauth2(TestStack.userToken("playlist-reader"));

        user.get(PLAYLISTS + "/" + open).then().statusCode(200).body("mine", org.hamcrest.Matchers.equalTo(false));
        assertThat(user.get(PLAYLISTS + "/" + open + "/assets").jsonPath().getList("items.id", String.class))
                .containsExactly(clips.get(0));
        TestStack.assertProblem(
                user.put(PLAYLISTS + "/" + open + "/assets/" + clips.get(1)), 403, "/problems/forbidden");
        TestStack.assertProblem(user.delete(PLAYLISTS + "/" + open), 403, "/problems/forbidden");
        for (var request : List.of(
                user.get(PLAYLISTS + "/" + hidden),
                user.get(PLAYLISTS + "/" + hidden + "/assets"),
                user.delete(PLAYLISTS + "/" + hidden),
                RestAssured.given()
                        .auth()
                        .oauth2(TestStack.otherTenantAdminToken())
                        .get(PLAYLISTS + "/" + open))) {
            TestStack.assertProblem(request, 404, "/problems/not-found");
        }
    }

    @Test
    void badInputIsRefused() {
        var playlist = create(Map.of("name", "Strict"));
        TestStack.asAdmin()
                .put(PLAYLISTS + "/" + playlist + "/assets/" + clips.get(0))
                .then()
                .statusCode(200);

        TestStack.assertProblem(
                json(TestStack.asAdmin()).body(Map.of("description", "no name")).post(PLAYLISTS),
                400,
                "/problems/invalid-field");
        TestStack.assertProblem(
                json(TestStack.asAdmin())
                        .body(Map.of("name", "x", "colour", "red"))
                        .post(PLAYLISTS),
                400,
                "/problems/invalid-field");
        TestStack.assertProblem(
                json(TestStack.asAdmin()).body(Map.of("name", "x".repeat(201))).post(PLAYLISTS),
                400,
                "/problems/invalid-field");
        var order = PLAYLISTS + "/" + playlist + "/order";
        TestStack.assertProblem(
                json(TestStack.asAdmin())
                        .body(Map.of("assetId", clips.get(0), "position", 5))
                        .post(order),
                400,
                "/problems/invalid-field");
        TestStack.assertProblem(
                json(TestStack.asAdmin())
                        .body(Map.of("assetId", clips.get(1), "position", 0))
                        .post(order),
                404,
                "/problems/not-found");
        TestStack.assertProblem(
                json(TestStack.asAdmin())
                        .body(Map.of("assetIds", List.of(clips.get(0), clips.get(0))))
                        .post(order),
                400,
                "/problems/invalid-field");
        TestStack.assertProblem(
                json(TestStack.asAdmin()).body(Map.of("shuffle", true)).post(order), 400, "/problems/invalid-field");
        TestStack.assertProblem(
                TestStack.asAdmin().put(PLAYLISTS + "/" + playlist + "/assets/not-an-id"), 404, "/problems/not-found");
        TestStack.assertProblem(
                TestStack.asAdmin().queryParam("pageSize", 500).get(PLAYLISTS + "/" + playlist + "/assets"),
                400,
                "/problems/invalid-filter");
    }

    private static RequestSpecification json(RequestSpecification request) {
        return request.contentType(ContentType.JSON);
    }

    private static String create(Map<String, Object> body) {
        var response = json(TestStack.asAdmin()).body(body).post(PLAYLISTS);
        response.then().statusCode(201);
        var id = response.jsonPath().getString("id");
        assertThat(response.header("Location")).endsWith("/playlists/" + id);
        return id;
    }

    private static void move(String playlist, String clip, int position) {
        json(TestStack.asAdmin())
                .body(Map.of("assetId", clip, "position", position))
                .post(PLAYLISTS + "/" + playlist + "/order")
                .then()
                .statusCode(200);
    }

    private static List<String> order(String playlist) {
        JsonPath page = TestStack.asAdmin()
                .get(PLAYLISTS + "/" + playlist + "/assets")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        return page.getList("items.id", String.class);
    }
}
