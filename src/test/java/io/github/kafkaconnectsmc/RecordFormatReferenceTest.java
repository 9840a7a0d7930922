package io.github.kafkaconnectsmc;

import io.github.kafkaconnectsmc.record.StatusSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.kafka.connect.data.Field;
import org.junit.jupiter.api.Test;

/**
 * The value schema's field tables in docs/record-format.md are generated from src/main/avro/smc-status.avsc (Avro
 * types and docs) and from the Connect schema the connector derives from it; this test fails when they are stale.
 * Regenerate them with {@code mvn test -Dtest=RecordFormatReferenceTest -Ddocs.update=true}.
 */
class RecordFormatReferenceTest {

    private static final Path PAGE = Path.of("docs/record-format.md");
    private static final Path AVSC = Path.of("src/main/avro/smc-status.avsc");
    static final String BEGIN = "<!-- generated from src/main/avro/smc-status.avsc by RecordFormatReferenceTest -->";
    static final String END = "<!-- end of generated fields -->";

    @Test
    void fieldTablesMatchTheAvroSchema() throws IOException {
        Schema avro = new Schema.Parser().parse(AVSC.toFile());

        GeneratedDocs.assertSectionIsCurrent(PAGE, BEGIN, END, render(avro, StatusSchema.value()),
                "RecordFormatReferenceTest");
    }

    static String render(Schema avro, org.apache.kafka.connect.data.Schema connect) {
        StringBuilder text = new StringBuilder()
                .append("Record `").append(avro.getFullName()).append("`: ").append(avro.getDoc()).append("\n\n");
        List<Schema> nested = new ArrayList<>();
        table(text, avro, connect, nested);
        for (Schema record : nested) {
            text.append("\n`").append(record.getName()).append("`, the items of `children`:\n\n");
            table(text, record, null, new ArrayList<>());
        }
        return text.toString();
    }

    private static void table(StringBuilder text, Schema record, org.apache.kafka.connect.data.Schema connect,
                              List<Schema> nested) {
        text.append(connect == null ? "| Field | Avro type | Meaning |\n|---|---|---|\n"
                : "| Field | Avro type | Connect type | Meaning |\n|---|---|---|---|\n");
        for (Schema.Field field : record.getFields()) {
            text.append("| `").append(field.name()).append("` | ").append(avroType(field.schema(), nested));
            if (connect != null) {
                Field connectField = connect.field(field.name());
                text.append(" | ").append(connectField == null ? "(not in the Connect schema)"
                        : connectType(connectField.schema()));
            }
            text.append(" | ").append(field.doc() == null ? "" : field.doc().replace("|", "\\|")).append(" |\n");
        }
    }

    private static String avroType(Schema schema, List<Schema> nested) {
        if (schema.getType() == Schema.Type.UNION) {
            List<String> branches = new ArrayList<>();
            schema.getTypes().forEach(branch -> branches.add(avroType(branch, nested)));
            return String.join(" or ", branches);
        }
        LogicalType logical = schema.getLogicalType();
        return switch (schema.getType()) {
            case ARRAY -> "array of " + avroType(schema.getElementType(), nested);
            case MAP -> "map of " + avroType(schema.getValueType(), nested);
            case RECORD -> {
                nested.add(schema);
                yield "`" + schema.getName() + "`";
            }
            default -> schema.getName() + (logical == null ? "" : " (" + logical.getName() + ")");
        };
    }

    private static String connectType(org.apache.kafka.connect.data.Schema schema) {
        String type = switch (schema.type()) {
            case ARRAY -> "array of " + connectType(schema.valueSchema());
            case MAP -> "map of " + connectType(schema.keySchema()) + " to " + connectType(schema.valueSchema());
            case STRUCT -> "struct `" + schema.name() + "`";
            default -> schema.name() != null ? schema.name() : schema.type().getName();
        };
        return schema.isOptional() ? "optional " + type : type;
    }
}
