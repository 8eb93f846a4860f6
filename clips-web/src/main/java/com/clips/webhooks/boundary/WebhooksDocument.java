package com.clips.webhooks.boundary;

import com.clips.assets.entity.AssetStatus;
import com.clips.events.entity.EventType;
import com.clips.uploads.entity.UploadProtocol;
import com.clips.uploads.entity.UploadState;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;

/**
 * The OpenAPI 3.1 {@code webhooks} section (mp.openapi.filter): one webhook per event type, its
 * body a schema of its own ({@code AssetReadyEvent}, …) whose data is its resource's schema, and the
 * three Standard Webhooks headers. The pull API returns the same bodies.
 */
public class WebhooksDocument implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        var components = openAPI.getComponents();
        components.addSchema("AssetEventData", assetData());
        components.addSchema("UploadEventData", uploadData());
        components.addSchema("JobEventData", jobData());
        components.addSchema("TenantEventData", tenantData());
        components.addSchema(
                "EndpointEventData", base("The endpoint's id").addProperty("message", string("A fixed text")));
        for (var type : EventType.values()) {
            var name = schemaName(type);
            components.addSchema(
                    name,
                    object(type.description())
                            .addRequired("type")
                            .addRequired("timestamp")
                            .addRequired("data")
                            .addProperty(
                                    "type", string(null).constValue(type.type()).addEnumeration(type.type()))
                            .addProperty("timestamp", dateTime("When it happened (the same as data.occurredAt)"))
                            .addProperty("data", OASFactory.createSchema().ref(dataSchema(type))));
            openAPI.addWebhook(
                    type.type(),
                    OASFactory.createPathItem()
                            .POST(OASFactory.createOperation()
                                    .summary(type.type())
                                    .description(
                                            type.description()
                                                    + ". Signed to the Standard Webhooks specification; any 2xx answer delivers it.")
                                    .addTag("Webhooks")
                                    .addParameter(
                                            header("webhook-id", "The event id: the same on every retry and replay"))
                                    .addParameter(header("webhook-timestamp", "Unix seconds of this attempt"))
                                    .addParameter(header(
                                            "webhook-signature",
                                            "v1,<base64 HMAC-SHA256 of id.timestamp.body>, space-separated when a"
                                                    + " rotated secret still overlaps"))
                                    .requestBody(OASFactory.createRequestBody()
                                            .required(true)
                                            .content(OASFactory.createContent()
                                                    .addMediaType(
                                                            "application/json",
                                                            OASFactory.createMediaType()
                                                                    .schema(OASFactory.createSchema()
                                                                            .ref("#/components/schemas/" + name)))))
                                    .responses(OASFactory.createAPIResponses()
                                            .addAPIResponse(
                                                    "200",
                                                    OASFactory.createAPIResponse()
                                                            .description(
                                                                    "Delivered (any 2xx); anything else is retried,"
                                                                            + " 410 disables the endpoint")))));
        }
    }

    /** asset.rendition.ready -> AssetRenditionReadyEvent */
    static String schemaName(EventType type) {
        var name = new StringBuilder();
        for (var part : type.type().split("\\.")) {
            name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return name.append("Event").toString();
    }

    private static String dataSchema(EventType type) {
        return "#/components/schemas/"
                + switch (type.resource()) {
                    case "asset" -> "AssetEventData";
                    case "upload" -> "UploadEventData";
                    case "job" -> "JobEventData";
                    case "tenant" -> "TenantEventData";
                    default -> "EndpointEventData";
                };
    }

    private static Schema assetData() {
        return base("The asset id")
                .addProperty(
                        "status",
                        enumOf(Arrays.stream(AssetStatus.values())
                                .map(Enum::name)
                                .toList()))
                .addProperty("ownerId", string("The uploader (token subject)"))
                .addProperty("title", string(null))
                .addProperty("fileName", string(null))
                .addProperty("sizeBytes", integer("Bytes of the original"))
                .addProperty("visibility", enumOf(List.of("public", "private")))
                .addProperty("durationSeconds", number("Once probed"))
                .addProperty("width", integer("Once probed"))
                .addProperty("height", integer("Once probed"))
                .addProperty("jobId", integer("The processing run working on it, once one started"))
                .addProperty("reason", string("Why processing failed (asset.failed)"))
                .addProperty(
                        "first",
                        OASFactory.createSchema()
                                .addType(SchemaType.BOOLEAN)
                                .description("asset.rendition.ready: the first rendition of the run (playable)"))
                .addProperty(
                        "rendition",
                        object("asset.rendition.ready: the rendition stored")
                                .addProperty("name", string("e.g. 720p"))
                                .addProperty("width", integer(null))
                                .addProperty("height", integer(null))
                                .addProperty("bandwidth", integer("Peak bits per second"))
                                .addProperty("codecs", string("RFC 6381 codecs"))
                                .addProperty(
                                        "remuxed",
                                        OASFactory.createSchema()
                                                .addType(SchemaType.BOOLEAN)
                                                .description("The original's streams as they are (the"
                                                        + " standard-input fast path), not an encode"))
                                .addProperty(
                                        "crf",
                                        OASFactory.createSchema()
                                                .addType(SchemaType.INTEGER)
                                                .addType(SchemaType.NULL)
                                                .description("The x264 CRF it was encoded at (the"
                                                        + " content-aware ladder's); null when remuxed")));
    }

    private static Schema uploadData() {
        return base("The upload id")
                .addProperty(
                        "state",
                        enumOf(Arrays.stream(UploadState.values())
                                .map(Enum::name)
                                .toList()))
                .addProperty(
                        "protocol",
                        enumOf(Arrays.stream(UploadProtocol.values())
                                .map(p -> p.name().toLowerCase(Locale.ROOT))
                                .toList()))
                .addProperty("ownerId", string(null))
                .addProperty("fileName", string(null))
                .addProperty("declaredBytes", integer(null))
                .addProperty("receivedBytes", integer(null))
                .addProperty("assetId", string("upload.completed: the asset it became or matched"))
                .addProperty(
                        "duplicate",
                        OASFactory.createSchema()
                                .addType(SchemaType.BOOLEAN)
                                .description("upload.completed: the tenant had the same content already"))
                .addProperty("problem", string("upload.failed: the problem type of the refusal"));
    }

    private static Schema jobData() {
        return base("The run's execution id")
                .addProperty("assetId", string(null))
                .addProperty("attempt", integer("1 for the asset's first run, 2 for the next…"))
                .addProperty("node", string("The node running it"))
                .addProperty("batchStatus", string("COMPLETED, FAILED, STOPPED once it ended"))
                .addProperty("exitStatus", string(null))
                .addProperty("error", string("The last error, if any"));
    }

    private static Schema tenantData() {
        return base("The tenant id")
                .addProperty("quota", enumOf(List.of("assets", "storageBytes")))
                .addProperty(
                        "thresholdPercent",
                        OASFactory.createSchema()
                                .addType(SchemaType.INTEGER)
                                .addEnumeration(80)
                                .addEnumeration(100))
                .addProperty("used", integer("Use after the upload that crossed the threshold"))
                .addProperty("limit", integer("The quota"));
    }

    private static Schema base(String id) {
        return object(null)
                .addRequired("id")
                .addRequired("version")
                .addRequired("occurredAt")
                .addProperty("id", string(id))
                .addProperty("version", integer("1, 2, … per resource, in commit order"))
                .addProperty("occurredAt", dateTime(null));
    }

    private static Parameter header(String name, String description) {
        return OASFactory.createParameter()
                .name(name)
                .in(Parameter.In.HEADER)
                .required(true)
                .description(description)
                .schema(string(null));
    }

    private static Schema object(String description) {
        return OASFactory.createSchema().addType(SchemaType.OBJECT).description(description);
    }

    private static Schema string(String description) {
        return OASFactory.createSchema().addType(SchemaType.STRING).description(description);
    }

    private static Schema dateTime(String description) {
        return string(description).format("date-time");
    }

    private static Schema integer(String description) {
        return OASFactory.createSchema().addType(SchemaType.INTEGER).description(description);
    }

    private static Schema number(String description) {
        return OASFactory.createSchema().addType(SchemaType.NUMBER).description(description);
    }

    private static Schema enumOf(List<String> values) {
        var schema = string(null);
        values.forEach(schema::addEnumeration);
        return schema;
    }
}
