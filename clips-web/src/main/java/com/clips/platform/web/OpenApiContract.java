package com.clips.platform.web;

import static org.eclipse.microprofile.openapi.OASFactory.createAPIResponse;
import static org.eclipse.microprofile.openapi.OASFactory.createComponents;
import static org.eclipse.microprofile.openapi.OASFactory.createContent;
import static org.eclipse.microprofile.openapi.OASFactory.createHeader;
import static org.eclipse.microprofile.openapi.OASFactory.createMediaType;
import static org.eclipse.microprofile.openapi.OASFactory.createOAuthFlow;
import static org.eclipse.microprofile.openapi.OASFactory.createOAuthFlows;
import static org.eclipse.microprofile.openapi.OASFactory.createSchema;
import static org.eclipse.microprofile.openapi.OASFactory.createSecurityRequirement;
import static org.eclipse.microprofile.openapi.OASFactory.createSecurityScheme;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * The conventions every operation of the document shares, applied in one place (registered as
 * {@code mp.openapi.filter}) so that resources, including ones added later, declare only what is
 * theirs: the problem responses as components ({@code #/components/responses/…}) referenced by
 * every operation for the statuses it can answer, the OAuth2 client-credentials scheme Swagger
 * UI's Authorize uses, and a description on every response.
 */
public class OpenApiContract implements OASFilter {

    static final String PROBLEM_SCHEMA = "Problem";
    static final String OAUTH2 = "oauth2";
    static final String BEARER = "bearer";
    static final String TOKEN_URL = "/api/v1/auth/token";
    static final List<String> FORMS = List.of("multipart/form-data", "application/x-www-form-urlencoded");

    /** status → component name and description, in the order operations list them. */
    static final Map<String, String[]> PROBLEMS = new LinkedHashMap<>();

    static {
        PROBLEMS.put("400", new String[] {
            "BadRequest", "The request is malformed: a field, parameter or body the operation cannot take"
        });
        PROBLEMS.put("401", new String[] {"Unauthenticated", "No valid bearer token"});
        PROBLEMS.put("403", new String[] {"Forbidden", "The caller's role, tenant state or quota does not allow this"});
        PROBLEMS.put(
                "404", new String[] {"NotFound", "No such object for this caller (another tenant's objects included)"});
        PROBLEMS.put("409", new String[] {"Conflict", "The object's state does not allow this now"});
        PROBLEMS.put(
                "429", new String[] {"RateLimited", "Over the caller's rate limit; retry after Retry-After seconds"});
        PROBLEMS.put("410", new String[] {"Gone", "It was there and is gone for good (expired, or past its window)"});
        PROBLEMS.put(
                "412", new String[] {"PreconditionFailed", "A protocol precondition is not met (tus: Tus-Resumable)"});
        PROBLEMS.put("413", new String[] {"PayloadTooLarge", "Over the size the caller may send"});
        PROBLEMS.put(
                "415",
                new String[] {"UnsupportedMediaType", "Not a body type or video container this operation takes"});
        PROBLEMS.put(
                "422", new String[] {"Unprocessable", "Readable, but not what was declared (size, checksum, parts)"});
        PROBLEMS.put("460", new String[] {"ChecksumMismatch", "tus: the body does not match its Upload-Checksum"});
        PROBLEMS.put(
                "500",
                new String[] {"InternalError", "Failed on the server's side; the detail carries an incident id"});
        PROBLEMS.put("503", new String[] {
            "Unavailable", "A dependency is down or the node is busy; retry after Retry-After seconds"
        });
    }

    private static final Map<String, String> SUCCESS = Map.of(
            "200", "OK",
            "201", "Created",
            "202", "Accepted: processing follows",
            "204", "Done, nothing to return",
            "302", "Found: follow Location");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(createComponents());
        }
        var components = openAPI.getComponents();
        components.addSchema(PROBLEM_SCHEMA, problemSchema());
        PROBLEMS.forEach((status, named) -> components.addResponse(named[0], problemResponse(named[1], status)));
        components.addSecurityScheme(
                OAUTH2,
                createSecurityScheme()
                        .type(SecurityScheme.Type.OAUTH2)
                        .description("OAuth2 client credentials: POST " + TOKEN_URL
                                + " with client_id and client_secret (form, HTTP Basic or JSON) gives a bearer token")
                        .flows(createOAuthFlows()
                                .clientCredentials(
                                        createOAuthFlow().tokenUrl(TOKEN_URL).scopes(Map.of()))));
        components.addSecurityScheme(
                BEARER,
                createSecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .bearerFormat("JWT")
                        .description("A token from " + TOKEN_URL + " pasted as is"));
        openAPI.setSecurity(List.of(
                createSecurityRequirement().addScheme(OAUTH2),
                createSecurityRequirement().addScheme(BEARER)));
        // annotations leave empty objects behind; an empty license or externalDocs is invalid
        if (openAPI.getExternalDocs() != null && openAPI.getExternalDocs().getUrl() == null) {
            openAPI.setExternalDocs(null);
        }
        if (openAPI.getInfo() != null) {
            if (openAPI.getInfo().getLicense() != null
                    && openAPI.getInfo().getLicense().getName() == null) {
                openAPI.getInfo().setLicense(null);
            }
            if (openAPI.getInfo().getContact() != null
                    && openAPI.getInfo().getContact().getName() == null
                    && openAPI.getInfo().getContact().getUrl() == null
                    && openAPI.getInfo().getContact().getEmail() == null) {
                openAPI.getInfo().setContact(null);
            }
        }
        if (openAPI.getPaths() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (item.getOperations() == null) {
                return;
            }
            item.getOperations().values().forEach(operation -> conventions(path, operation));
        });
    }

    private void conventions(String path, Operation operation) {
        formsFirst(operation);
        refsAlone(operation);
        var responses = operation.getResponses();
        if (responses == null) {
            return;
        }
        // inline problem responses become references to the shared ones
        var declared = responses.getAPIResponses() == null
                ? Map.<String, APIResponse>of()
                : Map.copyOf(responses.getAPIResponses());
        declared.forEach((status, response) -> {
            if (response.getRef() == null && isProblem(response) && PROBLEMS.containsKey(status)) {
                responses.removeAPIResponse(status);
            }
        });
        boolean open =
                operation.getSecurity() != null && operation.getSecurity().isEmpty();
        var statuses = new java.util.ArrayList<>(List.of("400"));
        if (!open) {
            statuses.addAll(List.of("401", "403"));
        }
        if (path.contains("{")) {
            statuses.add("404");
        }
        statuses.addAll(List.of("429", "500", "503"));
        for (var status : statuses) {
            if (!responses.hasAPIResponse(status)) {
                responses.addAPIResponse(status, createAPIResponse().ref(PROBLEMS.get(status)[0]));
            }
        }
        responses.getAPIResponses().forEach((status, response) -> {
            if (response.getRef() == null
                    && (response.getDescription() == null
                            || response.getDescription().isBlank())) {
                response.setDescription(SUCCESS.getOrDefault(status, isProblem(response) ? "Problem" : "Answer"));
            }
        });
    }

    /**
     * Generators build an operation's method from its first body type: where a route takes a form
     * or something else (the bare file, JSON), the form with its named fields comes first.
     */
    private static void formsFirst(Operation operation) {
        var body = operation.getRequestBody();
        if (body == null || body.getContent() == null || body.getContent().getMediaTypes() == null) {
            return;
        }
        var types = body.getContent().getMediaTypes();
        var ordered = new LinkedHashMap<String, org.eclipse.microprofile.openapi.models.media.MediaType>();
        for (var form : FORMS) {
            if (types.containsKey(form)) {
                ordered.put(form, types.get(form));
            }
        }
        if (ordered.isEmpty()) {
            return;
        }
        types.forEach(ordered::putIfAbsent);
        body.getContent().setMediaTypes(ordered);
    }

    /**
     * A body schema given as a reference is that reference alone: SmallRye adds the properties it
     * infers from {@code @FormParam}s next to it, and generators refuse a $ref with siblings.
     */
    private static void refsAlone(Operation operation) {
        var body = operation.getRequestBody();
        if (body == null || body.getContent() == null || body.getContent().getMediaTypes() == null) {
            return;
        }
        body.getContent().getMediaTypes().values().forEach(media -> {
            var schema = media.getSchema();
            if (schema != null && schema.getRef() != null) {
                media.setSchema(createSchema().ref(schema.getRef()));
            }
        });
    }

    private static boolean isProblem(APIResponse response) {
        return response.getContent() != null
                && response.getContent().getMediaTypes() != null
                && response.getContent().getMediaTypes().containsKey(Problem.MEDIA_TYPE.toString());
    }

    private static APIResponse problemResponse(String description, String status) {
        var response = createAPIResponse()
                .description(description)
                .content(createContent()
                        .addMediaType(
                                Problem.MEDIA_TYPE.toString(),
                                createMediaType().schema(createSchema().ref(PROBLEM_SCHEMA))));
        if (status.equals("429") || status.equals("503")) {
            response.addHeader(
                    "Retry-After",
                    createHeader()
                            .description("Seconds to wait before trying again")
                            .schema(createSchema().addType(Schema.SchemaType.INTEGER)));
        }
        return response;
    }

    private static Schema problemSchema() {
        return createSchema()
                .addType(Schema.SchemaType.OBJECT)
                .description("An RFC 9457 problem; type is a stable /problems/{slug} (see the README's error table)")
                .addProperty(
                        "type", createSchema().addType(Schema.SchemaType.STRING).example("/problems/invalid-field"))
                .addProperty(
                        "title",
                        createSchema().addType(Schema.SchemaType.STRING).example("Invalid field"))
                .addProperty(
                        "status",
                        createSchema()
                                .addType(Schema.SchemaType.INTEGER)
                                .format("int32")
                                .example(400))
                .addProperty(
                        "detail",
                        createSchema()
                                .addType(Schema.SchemaType.STRING)
                                .example("'title' is longer than 200 characters."))
                .addProperty(
                        "instance",
                        createSchema().addType(Schema.SchemaType.STRING).example("/api/v1/assets"))
                .required(List.of("type", "title", "status"));
    }
}
