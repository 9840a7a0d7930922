package io.github.kafkaconnectsmc.smc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.github.kafkaconnectsmc.smc.ElementReferences.Reference;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ElementReferencesTest {

    private static final JsonFactory JSON = new JsonFactory();

    @Test
    void anElementListGivesTheNameAndHrefOfEachItem() throws IOException {
        assertEquals(List.of(new Reference("Plano", "http://smc/7.1/elements/single_fw/1649"),
                        new Reference("Oslo", "http://smc/7.1/elements/single_fw/77")),
                list("{\"result\":[{\"href\":\"http://smc/7.1/elements/single_fw/1649\",\"name\":\"Plano\","
                        + "\"type\":\"single_fw\"},{\"name\":\"Oslo\",\"type\":\"single_fw\","
                        + "\"href\":\"http://smc/7.1/elements/single_fw/77\"}]}"));
    }

    @Test
    void aListItemWithoutAnHrefIsLocatedByItsSelfLink() throws IOException {
        assertEquals(List.of(new Reference("Plano", "http://smc/7.1/elements/single_fw/1649")),
                list("{\"result\":[{\"name\":\"Plano\",\"link\":[{\"rel\":\"history\",\"href\":\"http://smc/h\"},"
                        + "{\"href\":\"http://smc/7.1/elements/single_fw/1649\",\"rel\":\"self\"}]}]}"));
    }

    @Test
    void fieldsAndItemsOfOtherShapesAreSkipped() throws IOException {
        assertEquals(List.of(new Reference("Oslo", "http://smc/77")),
                list("{\"total\":3,\"filter\":{\"result\":[{\"name\":\"nested\",\"href\":\"http://smc/n\"}]},"
                        + "\"result\":[\"text\",7,null,[{\"name\":\"in an array\",\"href\":\"http://smc/a\"}],"
                        + "{\"name\":\"no href\"},{\"href\":\"http://smc/no-name\"},"
                        + "{\"name\":{\"an\":\"object\"},\"href\":\"http://smc/object-name\"},"
                        + "{\"extra\":{\"name\":\"deep\",\"href\":\"http://smc/deep\"},\"name\":\"Oslo\","
                        + "\"href\":\"http://smc/77\",\"tags\":[1,{\"a\":[]}]}],\"after\":[{\"x\":1}]}"));
    }

    @Test
    void aListThatIsNotAnObjectOrHasNoResultGivesNothing() throws IOException {
        assertEquals(List.of(), list("[{\"name\":\"Plano\",\"href\":\"http://smc/1\"}]"));
        assertEquals(List.of(), list("{\"result\":{\"name\":\"Plano\",\"href\":\"http://smc/1\"}}"));
        assertEquals(List.of(), list(""));
    }

    @Test
    void anEnginesNodesAreReadFromTheirTypeWrapperWithTheirSelfLink() throws IOException {
        assertEquals(List.of(new Reference("Quito node 1", "http://smc/fw_cluster/2001/firewall_node/2002"),
                        new Reference("Quito node 2", "http://smc/fw_cluster/2001/firewall_node/2003")),
                nodes("{\"name\":\"Cluster Quito\",\"link\":[{\"rel\":\"self\",\"href\":\"http://smc/fw_cluster/2001\"}],"
                        + "\"physicalInterfaces\":[{\"name\":\"eth0\",\"link\":[{\"rel\":\"self\",\"href\":\"x\"}]}],"
                        + "\"nodes\":[{\"firewall_node\":{\"name\":\"Quito node 1\",\"nodeid\":1,\"link\":[{\"rel\":"
                        + "\"self\",\"href\":\"http://smc/fw_cluster/2001/firewall_node/2002\",\"method\":\"GET\"}]}},"
                        + "{\"firewall_node\":{\"link\":[{\"rel\":\"self\",\"href\":"
                        + "\"http://smc/fw_cluster/2001/firewall_node/2003\"}],\"name\":\"Quito node 2\"}}]}"));
    }

    @Test
    void aNodeWrittenWithoutATypeWrapperIsReadAsItIs() throws IOException {
        assertEquals(List.of(new Reference("Plano node 1", "http://smc/n/1650")),
                nodes("{\"nodes\":[{\"name\":\"Plano node 1\",\"href\":\"http://smc/n/1650\"}]}"));
    }

    @Test
    void nodeEntriesWithoutANameAndHrefAreSkipped() throws IOException {
        assertEquals(List.of(new Reference("Good node", "http://smc/good")),
                nodes("{\"nodes\":[{\"firewall_node\":{\"name\":\"No link\"}},{\"firewall_node\":\"text\"},"
                        + "{\"disabled\":false,\"firewall_node\":{\"name\":\"Wrapper not first\",\"href\":\"h\"}},"
                        + "{\"firewall_node\":{\"name\":\"Good node\",\"link\":[{\"rel\":\"self\",\"href\":"
                        + "\"http://smc/good\"}]}}]}"));
    }

    private static List<Reference> list(String json) throws IOException {
        List<Reference> read = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(json)) {
            ElementReferences.readList(parser, read::add);
        }
        return read;
    }

    private static List<Reference> nodes(String json) throws IOException {
        List<Reference> read = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(json)) {
            ElementReferences.readNodes(parser, read::add);
        }
        return read;
    }
}
