package io.github.kafkaconnectsmc.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class CompactJsonTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @Test
    void writesEveryElementStatusBodyOfTheStandardCatalogAsJacksonDoes() {
        ApiLocation location = new ApiLocation("https://smc.example:8082", "7.1");
        for (CatalogElement element : StandardCatalog.create().all()) {
            ObjectNode body = StatusFrames.body(location, element);

            assertEquals(body.toString(), CompactJson.render(body), element.toString());
        }
    }

    @Test
    void escapesStringsAndFieldNamesAsJacksonDoes() {
        ObjectNode tree = JSON.objectNode()
                .put("quote \" and backslash \\", "tab\t, newline\n, return\r, backspace\b, form feed\f")
                .put("control", "\u0000\u0001\u001f and delete \u007f")
                .put("slash", "a/b and </script>")
                .put("unicode", "Zürich, 東京, \u2028 line separator, \uD83D\uDE00 emoji, lone \uD800 surrogate")
                .put("", "empty name");

        assertEquals(tree.toString(), CompactJson.render(tree));
    }

    @Test
    void writesEveryKindOfValueAsJacksonDoes() {
        ObjectNode tree = JSON.objectNode()
                .put("int", Integer.MIN_VALUE)
                .put("long", Long.MAX_VALUE)
                .put("negative", -42L)
                .put("short", (short) 7)
                .put("double", 0.1)
                .put("float", 1.5f)
                .put("big integer", new BigInteger("123456789012345678901234567890"))
                .put("decimal", new BigDecimal("1.50"))
                .put("true", true)
                .put("false", false)
                .putNull("null")
                .put("binary", new byte[] {1, 2, 3});
        tree.putObject("empty object");
        tree.putArray("empty array");
        tree.putArray("array").add(1).add("two").addNull().addArray().add(JSON.objectNode().put("nested", 3));

        assertEquals(tree.toString(), CompactJson.render(tree));
    }
}
