package io.github.kafkaconnectsmc.metrics;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;

/**
 * Exposes a task's {@link TaskMetric}s as read-only JMX attributes, for workers older than Kafka 4.1 that have no
 * plugin metrics. Each read asks the metric's supplier, so the MBean holds no copy of any number.
 */
final class TaskMetricsMBean implements DynamicMBean {

    private final Map<String, TaskMetric> byName;
    private final MBeanInfo info;

    TaskMetricsMBean(List<TaskMetric> metrics) {
        this.byName = metrics.stream().collect(Collectors.toMap(TaskMetric::name, Function.identity()));
        MBeanAttributeInfo[] attributes = metrics.stream()
                .map(m -> new MBeanAttributeInfo(m.name(), "long", m.description(), true, false, false))
                .toArray(MBeanAttributeInfo[]::new);
        this.info = new MBeanInfo(getClass().getName(), "kafka-connect-smc task metrics", attributes, null,
                new MBeanOperationInfo[0], null);
    }

    @Override
    public Object getAttribute(String attribute) throws AttributeNotFoundException {
        TaskMetric metric = byName.get(attribute);
        if (metric == null) {
            throw new AttributeNotFoundException(attribute);
        }
        return metric.value().getAsLong();
    }

    @Override
    public void setAttribute(Attribute attribute) {
        throw new UnsupportedOperationException("task metrics are read-only");
    }

    @Override
    public AttributeList getAttributes(String[] attributes) {
        AttributeList list = new AttributeList();
        for (String name : attributes) {
            TaskMetric metric = byName.get(name);
            if (metric != null) {
                list.add(new Attribute(name, metric.value().getAsLong()));
            }
        }
        return list;
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
        return new AttributeList();
    }

    @Override
    public Object invoke(String actionName, Object[] params, String[] signature) {
        throw new UnsupportedOperationException("task metrics have no operations");
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        return info;
    }
}
