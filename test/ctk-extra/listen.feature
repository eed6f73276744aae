Feature: Listen Task (extra)
  As an implementer of the workflow DSL
  I want to ensure that listen tasks wait for the events they filter
  So that my implementation conforms to the expected behavior

  # The events are emitted by a concurrent fork branch of the same workflow, so no external producer is
  # needed.

  Scenario: Listen to one event and output its data
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: listen-one
      version: '1.0.0'
    do:
      - exchange:
          fork:
            branches:
              - waitForApproval:
                  listen:
                    to:
                      one:
                        with:
                          type: com.example.approval.granted.v1
              - approve:
                  do:
                    - later:
                        wait: PT1M
                    - send:
                        emit:
                          event:
                            with:
                              source: https://example.com/approvals
                              type: com.example.approval.granted.v1
                              data:
                                approver: jane
          output:
            as: ${ .[0] }
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    - approver: jane
    """
    And waitForApproval should complete

  Scenario: Listen ignores events that do not match its filter
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: listen-filter
      version: '1.0.0'
    do:
      - exchange:
          fork:
            branches:
              - waitForBig:
                  listen:
                    to:
                      one:
                        with:
                          type: com.example.order.v1
                          data: ${ .amount > 100 }
              - produce:
                  do:
                    - small:
                        emit:
                          event:
                            with:
                              source: https://example.com
                              type: com.example.order.v1
                              data:
                                amount: 5
                    - pause:
                        wait: PT1S
                    - big:
                        emit:
                          event:
                            with:
                              source: https://example.com
                              type: com.example.order.v1
                              data:
                                amount: 500
          output:
            as: ${ .[0] }
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    - amount: 500
    """

  Scenario: Listen with read envelope outputs the whole events
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: listen-envelope
      version: '1.0.0'
    do:
      - exchange:
          fork:
            branches:
              - waitForAll:
                  listen:
                    to:
                      all:
                        - with:
                            type: com.example.a.v1
                        - with:
                            type: com.example.b.v1
                    read: envelope
              - produce:
                  do:
                    - pause:
                        wait: PT1S
                    - sendB:
                        emit:
                          event:
                            with:
                              source: https://example.com
                              type: com.example.b.v1
                    - sendA:
                        emit:
                          event:
                            with:
                              source: https://example.com
                              type: com.example.a.v1
          output:
            as: ${ .[0] | map(.type) | sort }
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    [ com.example.a.v1, com.example.b.v1 ]
    """

  Scenario: Listen to any event until a condition on the consumed events holds
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: listen-any-until
      version: '1.0.0'
    do:
      - exchange:
          fork:
            branches:
              - collect:
                  listen:
                    to:
                      any:
                        - with:
                            type: com.example.tick.v1
                      until: ${ length >= 2 }
              - produce:
                  do:
                    - pause:
                        wait: PT1S
                    - tick1:
                        emit:
                          event:
                            with:
                              source: https://example.com
                              type: com.example.tick.v1
                              data:
                                n: 1
                    - tick2:
                        emit:
                          event:
                            with:
                              source: https://example.com
                              type: com.example.tick.v1
                              data:
                                n: 2
                    - tick3:
                        emit:
                          event:
                            with:
                              source: https://example.com
                              type: com.example.tick.v1
                              data:
                                n: 3
          output:
            as: ${ .[0] }
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    - n: 1
    - n: 2
    """

  Scenario: Listen until an event, without outputting the events consumed by until
    # dsl-reference.md "Event Consumption Strategy": `until` may be an event consumption strategy; "Events
    # consumed by an until clause should not be included in the task's output".
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: listen-until-event
      version: '1.0.0'
    do:
      - exchange:
          fork:
            branches:
              - collect:
                  listen:
                    to:
                      any:
                        - with:
                            type: com.example.tick.v1
                      until:
                        one:
                          with:
                            type: com.example.stop.v1
              - produce:
                  do:
                    - pause:
                        wait: PT1S
                    - tick:
                        emit:
                          event:
                            with:
                              source: https://example.com
                              type: com.example.tick.v1
                              data:
                                n: 1
                    - stop:
                        emit:
                          event:
                            with:
                              source: https://example.com
                              type: com.example.stop.v1
                              data:
                                stop: true
          output:
            as: ${ .[0] }
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    - n: 1
    """

  Scenario: A listen that receives no event before its timeout faults with a timeout error
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: listen-timeout
      version: '1.0.0'
    do:
      - waitForNothing:
          listen:
            to:
              one:
                with:
                  type: com.example.never.v1
          timeout:
            after:
              minutes: 10
    """
    When the workflow is executed
    Then the workflow should fault with error:
    """yaml
    type: https://serverlessworkflow.io/spec/1.0.0/errors/timeout
    status: 408
    instance: /do/0/waitForNothing
    """
    And the workflow should have taken PT10M
