Feature: Emit Task (extra)
  As an implementer of the workflow DSL
  I want to ensure that emit tasks publish the events they describe
  So that my implementation conforms to the expected behavior

  Scenario: Emit outputs the published event with its attributes
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: emit-attributes
      version: '1.0.0'
    do:
      - announce:
          emit:
            event:
              with:
                id: order-1-placed
                source: https://shop.example.com/orders
                type: com.example.order.placed.v1
                subject: ${ .order.id }
                dataschema: https://shop.example.com/schemas/order.json
                traceid: abc123
                data:
                  id: ${ .order.id }
                  total: ${ .order.items | map(.price) | add }
    """
    And given the workflow input is:
    """yaml
    order:
      id: order-1
      items:
        - price: 10
        - price: 5
    """
    When the workflow is executed
    Then the workflow should complete
    And the workflow output should have properties 'id', 'specversion', 'source', 'type', 'time', 'subject', 'data'
    And the workflow output should have a 'id' property with value:
    """yaml
    order-1-placed
    """
    And the workflow output should have a 'specversion' property with value:
    """yaml
    '1.0'
    """
    And the workflow output should have a 'subject' property with value:
    """yaml
    order-1
    """
    And the workflow output should have a 'dataschema' property with value:
    """yaml
    https://shop.example.com/schemas/order.json
    """
    And the workflow output should have a 'traceid' property with value:
    """yaml
    abc123
    """
    And the workflow output should have a 'data' property with value:
    """yaml
    id: order-1
    total: 15
    """
    And an event with type 'com.example.order.placed.v1' should have been published

  Scenario: Emit gives the event an id and a time when they are not set
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: emit-defaults
      version: '1.0.0'
    do:
      - ping:
          emit:
            event:
              with:
                source: https://example.com
                type: com.example.ping.v1
      - check:
          set:
            hasId: ${ (.id | type) == "string" and (.id | length) > 0 }
            hasTime: ${ (.time | type) == "string" }
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    hasId: true
    hasTime: true
    """

  Scenario: Emitting twice publishes two events with distinct ids
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: emit-twice
      version: '1.0.0'
    do:
      - first:
          emit:
            event:
              with:
                source: https://example.com
                type: com.example.first.v1
          export:
            as: '${ { firstId: .id } }'
      - second:
          emit:
            event:
              with:
                source: https://example.com
                type: com.example.second.v1
      - compare:
          set:
            distinct: ${ .id != $context.firstId }
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    distinct: true
    """
    And an event with type 'com.example.first.v1' should have been published
    And an event with type 'com.example.second.v1' should have been published

  Scenario: Emit without an event type faults
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: emit-no-type
      version: '1.0.0'
    do:
      - broken:
          emit:
            event:
              with:
                source: https://example.com
    """
    When the workflow is executed
    Then the workflow should fault with error:
    """yaml
    type: https://serverlessworkflow.io/spec/1.0.0/errors/configuration
    status: 400
    instance: /do/0/broken
    """
