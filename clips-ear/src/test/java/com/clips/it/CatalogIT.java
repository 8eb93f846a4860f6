package com.clips.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The catalog against real rows: three processed clips of one session (the suite's other assets
 * share the database, so every query names the session), queried by the catalog's filters and sorts,
 * paged both ways; bad parameters are 400 problems.
 */
@ExtendWith(ArquillianExtension.class)
class CatalogIT {

    private static final String ASSETS = TestStack.API + "/assets";
    private static final String SESSION = "catalog-" + System.nanoTime();
    private static String league;
    private static String privateClutch;
    private static String valorant;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return TestStack.ear();
    }

    @BeforeAll
    static void threeClips() throws Exception {
        league = id(TestStack.upload(
                TestStack.h264Clip("catalog-league.mp4", 320, 240, 10, 2),
                "title",
                "Pentakill at dawn",
                "gameTitle",
                "League of Legends",
                "tags",
                "ace,funny",
                "sessionId",
                SESSION));
        privateClutch = id(TestStack.upload(
                TestStack.h264Clip("catalog-private.mp4", 160, 120, 10, 1),
                "title",
                "Clutch round",
                "gameTitle",
                "Valorant",
                "tags",
                "clutch",
                "visibility",
                "private",
                "sessionId",
                SESSION));
        valorant = id(TestStack.upload(
                TestStack.h264Clip("catalog-valorant.mp4", 640, 360, 10, 3),
                "title",
                "Ace clutch",
                "description",
                "what a pentakill",
                "gameTitle",
                "Valorant",
                "sessionId",
                SESSION));
        for (var id : List.of(league, privateClutch, valorant)) {
            ProcessingIT.awaitReady(ASSETS + "/" + id);
        }
    }

    @Test
    void filtersNarrowTheSession() {
        assertThat(ids(query("game", "VALO"))).containsExactlyInAnyOrder(privateClutch, valorant);
        assertThat(ids(TestStack.asAdmin()
                        .queryParam("sessionId", SESSION)
                        .get(TestStack.API + "/games/valorant/assets")))
                .containsExactlyInAnyOrder(privateClutch, valorant);
        assertThat(ids(TestStack.asAdmin().queryParam("sessionId", SESSION).get(TestStack.API + "/games/valo/assets")))
                .isEmpty();
        assertThat(ids(query("tags", "ace,clutch"))).containsExactlyInAnyOrder(league, privateClutch);
        assertThat(ids(query("tags", "funny", "tags", "nothing"))).containsExactly(league);
        assertThat(ids(query("hasTags", "false"))).containsExactly(valorant);
        assertThat(ids(query("minHeight", "240"))).containsExactlyInAnyOrder(league, valorant);
        assertThat(ids(query("minWidth", "600", "minDuration", "2.5"))).containsExactly(valorant);
        assertThat(ids(query("maxDuration", "1.5"))).containsExactly(privateClutch);
        assertThat(ids(query("title", "CLUTCH"))).containsExactlyInAnyOrder(privateClutch, valorant);
        assertThat(ids(query("fileName", "league"))).containsExactly(league);
        assertThat(ids(query("status", "ready", "hasThumbnail", "true", "codecs", "h264,hevc")))
                .hasSize(3);
        assertThat(ids(query("codecs", "vp9"))).isEmpty();
        assertThat(ids(query("visibility", "private"))).containsExactly(privateClutch);
        assertThat(ids(query("uploadedAfter", "2100-01-01T00:00:00Z"))).isEmpty();
        assertThat(ids(query("minSize", "1", "maxSize", "1000000000"))).hasSize(3);
    }

    @Test
    void sortsEitherWay() {
        assertThat(ids(query("sort", "duration", "order", "asc"))).containsExactly(privateClutch, league, valorant);
        assertThat(ids(query("sort", "resolution"))).containsExactly(valorant, league, privateClutch);
        assertThat(ids(query("sort", "title", "order", "asc"))).containsExactly(valorant, privateClutch, league);
        assertThat(ids(query("sort", "uploadedAt", "order", "asc"))).containsExactly(league, privateClutch, valorant);
        assertThat(ids(query("sort", "game", "order", "asc")).get(0)).isEqualTo(league);
    }

    /** A cursor carries the last row's sort key as text: every key type must come back to the same place. */
    @Test
    void cursorsWalkEverySortInTheOrderOfItsPages() {
        for (var sort : List.of(
                "uploadedAt",
                "fileName",
                "size",
                "title",
                "duration",
                "views",
                "favorites",
                "game",
                "resolution",
                "lastViewed",
                "relevance")) {
            for (var order : List.of("asc", "desc")) {
                var search = sort.equals("relevance") ? new String[] {"q", "pentakill or clutch"} : new String[0];
                var whole = ids(query(with(search, "sort", sort, "order", order, "pageSize", "50")));
                var walked = new ArrayList<String>();
                var page = query(with(search, "sort", sort, "order", order, "pageSize", "1"));
                walked.addAll(ids(page));
                for (int i = 0; i < 5 && page.jsonPath().getString("nextCursor") != null; i++) {
                    page = query(with(
                            search,
                            "sort",
                            sort,
                            "order",
                            order,
                            "pageSize",
                            "1",
                            "cursor",
                            page.jsonPath().getString("nextCursor")));
                    walked.addAll(ids(page));
                }
                assertThat(walked).as(sort + " " + order).hasSize(whole.size()).isEqualTo(whole);
                assertThat(whole).as(sort + " " + order).isNotEmpty();
            }
        }
    }

    private static String[] with(String[] first, String... more) {
        var all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    @Test
    void fullTextSearchRanksTitleAboveDescription() {
        var found = query("q", "pentakill");

        assertThat(ids(found)).containsExactly(league, valorant);
        assertThat(ids(query("q", "clutch -ace"))).containsExactly(privateClutch);
        assertThat(ids(query("q", "legends"))).containsExactly(league);
    }

    @Test
    void viewsCountAndFilter() throws InterruptedException {
        TestStack.asAdmin()
                .redirects()
                .follow(false)
                .get(ASSETS + "/" + valorant + "/stream")
                .then()
                .statusCode(302);
        TestStack.awaitAsset(ASSETS + "/" + valorant, Duration.ofSeconds(15), a -> a.getLong("views") == 1);

        assertThat(ids(query("minViews", "1"))).containsExactly(valorant);
        assertThat(ids(query("sort", "views")).get(0)).isEqualTo(valorant);
        assertThat(ids(query("viewedAfter", "2000-01-01T00:00:00Z"))).containsExactly(valorant);
    }

    @Test
    void anotherUserSeesOnlyPublicClipsAndOwnsNone() {
        var user = RestAssured.given().auth().oauth2(TestStack.userToken("catalog-user"));

        assertThat(ids(user.queryParam("sessionId", SESSION).get(ASSETS))).containsExactlyInAnyOrder(league, valorant);
        assertThat(ids(RestAssured.given()
                        .auth()
                        .oauth2(TestStack.userToken("catalog-user-2"))
                        .queryParam("sessionId", SESSION)
                        .get(TestStack.API + "/me/assets")))
                .isEmpty();
        assertThat(ids(TestStack.asAdmin().queryParam("sessionId", SESSION).get(TestStack.API + "/me/assets")))
                .hasSize(3);
        TestStack.assertProblem(
                RestAssured.given()
                        .auth()
                        .oauth2(TestStack.userToken("catalog-user-3"))
                        .queryParam("includeDeleted", "true")
                        .get(ASSETS),
                403,
                "/problems/forbidden");
    }

    @Test
    void pagesByNumberWithATotalAndByCursorThroughLinkHeaders() {
        var first = TestStack.asAdmin()
                .queryParam("sessionId", SESSION)
                .queryParam("pageSize", 2)
                .get(ASSETS);
        first.then().statusCode(200).header("X-Total-Count", "3");
        assertThat(first.jsonPath().getInt("total")).isEqualTo(3);
        assertThat(first.jsonPath().getString("totalRelation")).isEqualTo("eq");
        assertThat(first.jsonPath().getInt("page")).isEqualTo(1);
        // a full first page counted its total (alongside the page): the count's time and the wait
        // for it are shown apart from the whole
        assertThat(timings(first))
                .anyMatch(m -> m.matches("count;dur=\\d+\\.\\d\\d"))
                .anyMatch(m -> m.matches("count-wait;dur=\\d+\\.\\d\\d"))
                .anyMatch(m -> m.matches("app;dur=\\d+\\.\\d\\d"));
        var seen = new ArrayList<>(ids(first));
        assertThat(seen).containsExactly(valorant, privateClutch);
        // the last page (not full: its total needs no count) and a page past the end say the same total
        for (var page : List.of(2, 5)) {
            var later = TestStack.asAdmin()
                    .queryParam("sessionId", SESSION)
                    .queryParam("pageSize", 2)
                    .queryParam("page", page)
                    .get(ASSETS);
            assertThat(later.jsonPath().getInt("total")).as("page " + page).isEqualTo(3);
            assertThat(ids(later)).as("page " + page).hasSize(page == 2 ? 1 : 0);
            if (page == 2) { // the last page knew its total without a count
                assertThat(timings(later))
                        .noneMatch(m -> m.startsWith("count"))
                        .anyMatch(m -> m.startsWith("app;dur="));
            }
        }

        var link = first.header("Link");
        assertThat(link).contains("rel=\"next\"");
        var next = link.substring(link.indexOf('<') + 1, link.indexOf('>'));
        var second = TestStack.asAdmin().urlEncodingEnabled(false).get(next);
        second.then().statusCode(200);
        assertThat(second.jsonPath().getString("nextCursor")).isNull();
        assertThat(second.jsonPath().getString("total")).isNull();
        assertThat(timings(second)).noneMatch(m -> m.startsWith("count;")).anyMatch(m -> m.startsWith("app;dur="));
        assertThat(second.header("Link")).isNull();
        seen.addAll(ids(second));
        assertThat(seen).containsExactly(valorant, privateClutch, league);

        var page2 = TestStack.asAdmin()
                .queryParam("sessionId", SESSION)
                .queryParam("pageSize", 2)
                .queryParam("page", 2)
                .get(ASSETS);
        assertThat(ids(page2)).containsExactly(league);

        // a cursor is bound to its sort
        var cursor = first.jsonPath().getString("nextCursor");
        TestStack.assertProblem(
                TestStack.asAdmin()
                        .queryParam("sessionId", SESSION)
                        .queryParam("cursor", cursor)
                        .queryParam("sort", "size")
                        .get(ASSETS),
                400,
                "/problems/invalid-filter");
    }

    @Test
    void theOwnerEditsDetailsAndSearchFollows() throws Exception {
        var session = SESSION + "-edit";
        var id = id(TestStack.upload(
                TestStack.h264Clip("catalog-edit.mp4", 160, 120, 10, 1),
                "title",
                "Before",
                "tags",
                "old",
                "sessionId",
                session,
                "description",
                "gone soon"));
        var location = ASSETS + "/" + id;
        ProcessingIT.awaitReady(location);

        var edited = TestStack.asAdmin()
                .contentType("application/merge-patch+json")
                .body("{\"title\":\"Quadrakill sunrise\",\"tags\":[\"New\",\"shiny\"],\"description\":null,"
                        + "\"visibility\":\"private\",\"gameTitle\":\"Quasar Tactics\"}")
                .patch(location)
                .then()
                .log()
                .ifValidationFails()
                .statusCode(200)
                .extract()
                .jsonPath();

        assertThat(edited.getString("title")).isEqualTo("Quadrakill sunrise");
        assertThat(edited.getList("tags", String.class)).containsExactly("new", "shiny");
        assertThat(edited.getString("description")).isNull();
        assertThat(edited.getString("visibility")).isEqualTo("private");
        assertThat(edited.getString("sessionId")).isEqualTo(session);
        var search = TestStack.asAdmin().queryParam("sessionId", session);
        assertThat(ids(search.queryParam("q", "quadrakill").get(ASSETS))).containsExactly(id);
        assertThat(ids(TestStack.asAdmin()
                        .queryParam("sessionId", session)
                        .queryParam("q", "before")
                        .get(ASSETS)))
                .isEmpty();
        assertThat(ids(TestStack.asAdmin()
                        .queryParam("sessionId", session)
                        .queryParam("tags", "old")
                        .get(ASSETS)))
                .isEmpty();
        // a game no clip had before: the game filter (which matches the tenant's titles first) finds it
        assertThat(ids(TestStack.asAdmin()
                        .queryParam("sessionId", session)
                        .queryParam("game", "SAR TAC")
                        .get(ASSETS)))
                .containsExactly(id);

        var user = RestAssured.given()
                .auth()
                .oauth2(TestStack.userToken("catalog-editor"))
                .contentType("application/json");
        TestStack.assertProblem(user.body("{\"title\":\"mine now\"}").patch(location), 404, "/problems/not-found");
        TestStack.assertProblem(
                user.body("{\"title\":\"mine now\"}").patch(ASSETS + "/" + league), 403, "/problems/forbidden");
        TestStack.assertProblem(
                TestStack.asAdmin()
                        .contentType("application/json")
                        .body("{\"colour\":\"red\"}")
                        .patch(location),
                400,
                "/problems/invalid-field");
        TestStack.assertProblem(
                TestStack.asAdmin()
                        .contentType("application/json")
                        .body("{\"tags\":\"a,b\"}")
                        .patch(location),
                400,
                "/problems/invalid-field");
        TestStack.asAdmin()
                .get(ASSETS + "/" + league)
                .then()
                .body("title", org.hamcrest.Matchers.equalTo("Pentakill at dawn"));
    }

    @Test
    void favoritesAreIdempotentAndCountedOnceUnderConcurrentClicks() throws Exception {
        var users = new ArrayList<String>();
        for (int i = 0; i < 6; i++) {
            users.add(TestStack.userToken("catalog-fan-" + i));
        }
        var favorite = ASSETS + "/" + league + "/favorite";
        var pool = java.util.concurrent.Executors.newFixedThreadPool(12);
        try {
            var clicks = new ArrayList<java.util.concurrent.Future<Integer>>();
            for (var token : users) {
                for (int twice = 0; twice < 2; twice++) {
                    clicks.add(pool.submit(() -> RestAssured.given()
                            .auth()
                            .oauth2(token)
                            .put(favorite)
                            .statusCode()));
                }
            }
            for (var click : clicks) {
                assertThat(click.get()).isEqualTo(204);
            }
        } finally {
            pool.shutdown();
        }

        assertThat(TestStack.asAdmin().get(ASSETS + "/" + league).jsonPath().getLong("favorites"))
                .isEqualTo(6);
        assertThat(ids(query("minFavorites", "6"))).containsExactly(league);
        assertThat(ids(query("sort", "favorites")).get(0)).isEqualTo(league);

        var fan = RestAssured.given().auth().oauth2(users.get(0));
        fan.delete(favorite).then().statusCode(204);
        fan.delete(favorite).then().statusCode(204);
        assertThat(TestStack.asAdmin().get(ASSETS + "/" + league).jsonPath().getLong("favorites"))
                .isEqualTo(5);

        var other = RestAssured.given().auth().oauth2(users.get(1));
        other.put(ASSETS + "/" + valorant + "/favorite").then().statusCode(204);
        var mine = other.get(TestStack.API + "/me/favorites")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(mine.getList("items.id", String.class)).containsExactly(valorant, league);
        assertThat(mine.getLong("total")).isEqualTo(2);
        assertThat(RestAssured.given()
                        .auth()
                        .oauth2(users.get(1))
                        .queryParam("pageSize", 1)
                        .queryParam("page", 2)
                        .get(TestStack.API + "/me/favorites")
                        .jsonPath()
                        .getList("items.id", String.class))
                .containsExactly(league);
        TestStack.assertProblem(other.put(ASSETS + "/" + privateClutch + "/favorite"), 404, "/problems/not-found");
        TestStack.assertProblem(
                RestAssured.given()
                        .auth()
                        .oauth2(users.get(1))
                        .queryParam("pageSize", 0)
                        .get(TestStack.API + "/me/favorites"),
                400,
                "/problems/invalid-filter");
        TestStack.assertProblem(
                RestAssured.given()
                        .auth()
                        .oauth2(users.get(1))
                        .queryParam("sort", "views")
                        .get(TestStack.API + "/me/favorites"),
                400,
                "/problems/invalid-filter");
    }

    @Test
    void unknownParametersAndValuesOutOfRangeAre400() {
        for (var bad : List.of(
                Map.of("colour", "blue"),
                Map.of("pageSize", "0"),
                Map.of("pageSize", "101"),
                Map.of("page", "0"),
                Map.of("page", "1000", "pageSize", "20"),
                Map.of("status", "bogus"),
                Map.of("sort", "loudness"),
                Map.of("order", "sideways"),
                Map.of("minSize", "-1"),
                Map.of("uploadedAfter", "yesterday"),
                Map.of("hasTags", "yes"),
                Map.of("cursor", "garbage!"),
                Map.of("page", "1", "cursor", "abc"),
                Map.of("sort", "relevance"),
                Map.of("visibility", "friends"),
                Map.of("tags", "<b>"),
                Map.of("codecs", "h.264"))) {
            var response = TestStack.asAdmin().queryParams(bad).get(ASSETS);
            assertThat(response.statusCode()).as(bad.toString()).isEqualTo(400);
            TestStack.assertProblem(response, 400, "/problems/invalid-filter");
        }
    }

    /**
     * A page's total is exact up to 1,000 rows past the page's start, and never past the deepest
     * reachable page (10,000 rows): beyond, it is a lower bound ("gte"), not a count of every match.
     */
    @Test
    void totalCountsAThousandRowsPastThePageAndNeverPastTheDeepestPage() throws Exception {
        var session = "catalog-many-" + System.nanoTime();
        TestStack.execute(
                "insert into clips.asset (id, public_id, tenant_id, owner_id, original_file_name, file_size_bytes,"
                        + " content_hash, content_type, original_key, session_id, is_public, status, uploaded_at)"
                        + " select nextval('clips.asset_seq'), gen_random_uuid(), a.tenant_id, a.owner_id, 'many-' || i || '.mp4', 1,"
                        + " md5(i::text) || md5(i::text), 'video/mp4', 'originals/none/' || i, '" + session
                        + "', true, 'READY', now()"
                        + " from clips.asset a, generate_series(1, 10001) i where a.public_id = '" + league + "'");
        // rows of the same session in another tenant: the count (on a thread of its own) stays in the caller's
        var other = TestStack.newTenant("catalog-count", Map.of()).getString("tenant.id");
        TestStack.execute(
                "insert into clips.asset (id, public_id, tenant_id, owner_id, original_file_name, file_size_bytes,"
                        + " content_hash, content_type, original_key, session_id, is_public, status, uploaded_at)"
                        + " select nextval('clips.asset_seq'), gen_random_uuid(), '" + other
                        + "', 'stranger', 'other-' || i || '.mp4', 1,"
                        + " md5(i::text) || md5(i::text), 'video/mp4', 'originals/none/o' || i, '" + session
                        + "', true, 'READY', now()"
                        + " from generate_series(1, 3) i");
        try {
            var first = TestStack.asAdmin()
                    .queryParam("sessionId", session)
                    .queryParam("pageSize", 5)
                    .get(ASSETS);
            first.then().statusCode(200).header("X-Total-Count", "1000");
            assertThat(first.jsonPath().getLong("total")).isEqualTo(1_000);
            assertThat(first.jsonPath().getString("totalRelation")).isEqualTo("gte");
            assertThat(timings(first))
                    .as("the count's own time and the wait for it")
                    .anyMatch(m -> m.matches("count;dur=\\d+\\.\\d\\d"))
                    .anyMatch(m -> m.matches("count-wait;dur=\\d+\\.\\d\\d"));

            var deeper = TestStack.asAdmin()
                    .queryParams("sessionId", session, "pageSize", 100, "page", 31)
                    .get(ASSETS);
            assertThat(deeper.jsonPath().getLong("total"))
                    .as("1,000 past row 3,000")
                    .isEqualTo(4_000);
            assertThat(deeper.jsonPath().getString("totalRelation")).isEqualTo("gte");

            var deepest = TestStack.asAdmin()
                    .queryParams("sessionId", session, "pageSize", 5, "page", 1999)
                    .get(ASSETS);
            deepest.then().statusCode(200).header("X-Total-Count", "10000");
            assertThat(deepest.jsonPath().getString("totalRelation")).isEqualTo("gte");

            TestStack.execute("delete from clips.asset where session_id = '" + session
                    + "' and original_file_name = 'many-1.mp4'");
            var exactly = TestStack.asAdmin()
                    .queryParams("sessionId", session, "pageSize", 5, "page", 1999)
                    .get(ASSETS)
                    .jsonPath();
            assertThat(exactly.getLong("total"))
                    .as("counted in the caller's tenant only")
                    .isEqualTo(10_000);
            assertThat(exactly.getString("totalRelation")).isEqualTo("eq");
            var firstAgain = TestStack.asAdmin()
                    .queryParam("sessionId", session)
                    .get(ASSETS)
                    .jsonPath();
            assertThat(firstAgain.getString("totalRelation"))
                    .as("still more than 1,000 past page 1")
                    .isEqualTo("gte");
        } finally {
            TestStack.execute("delete from clips.asset where session_id = '" + session + "'");
        }
    }

    private static io.restassured.response.Response query(String... params) {
        RequestSpecification request = TestStack.asAdmin().queryParam("sessionId", SESSION);
        for (int i = 0; i < params.length; i += 2) {
            request = request.queryParam(params[i], params[i + 1]);
        }
        var response = request.get(ASSETS);
        response.then().statusCode(200);
        return response;
    }

    private static List<String> ids(io.restassured.response.Response response) {
        response.then().statusCode(200);
        return response.jsonPath().getList("items.id", String.class);
    }

    /** The Server-Timing metrics of an answer, one entry each, whether sent as one header or several. */
    private static List<String> timings(io.restassured.response.Response response) {
        return response.headers().getValues("Server-Timing").stream()
                .flatMap(value -> java.util.Arrays.stream(value.split(",")))
                .map(String::trim)
                .toList();
    }

    private static String id(String location) {
        return location.substring(location.lastIndexOf('/') + 1);
    }
}
