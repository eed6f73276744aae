Feature: Raise Task (extra)
  As an implementer of the workflow DSL
  I want to ensure that raise tasks fault with the errors they define
  So that my implementation conforms to the expected behavior

  Scenario: Raise with title and detail expressions
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: raise-expressions
      version: '1.0.0'
    do:
      - reject:
          raise:
            error:
              type: https://example.com/errors/order-rejected
              status: 422
              title: ${ "Order \(.order.id) rejected" }
              detail: ${ "amount \(.order.amount) exceeds \(.limit)" }
    """
    And given the workflow input is:
    """yaml
    order:
      id: A-1
      amount: 150
    limit: 100
    """
    When the workflow is executed
    Then the workflow should fault with error:
    """yaml
    type: https://example.com/errors/order-rejected
    status: 422
    title: Order A-1 rejected
    detail: amount 150 exceeds 100
    instance: /do/0/reject
    """
    And reject should fault with error:
    """yaml
    type: https://example.com/errors/order-rejected
    status: 422
    """

  Scenario: Raise an error defined in use.errors
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: raise-reusable
      version: '1.0.0'
    use:
      errors:
        notFound:
          type: https://serverlessworkflow.io/spec/1.0.0/errors/communication
          status: 404
          title: Not Found
    do:
      - lookup:
          set:
            found: false
      - fail:
          raise:
            error: notFound
    """
    When the workflow is executed
    Then the workflow should fault with error:
    """yaml
    type: https://serverlessworkflow.io/spec/1.0.0/errors/communication
    status: 404
    title: Not Found
    instance: /do/1/fail
    """
    And lookup should complete

  Scenario: An uncaught raise stops the workflow
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: raise-stops
      version: '1.0.0'
    do:
      - before:
          set:
            before: true
      - stop:
          raise:
            error:
              type: https://example.com/errors/stop
              status: 500
      - after:
          set:
            after: true
    """
    When the workflow is executed
    Then the workflow should fault with error:
    """yaml
    type: https://example.com/errors/stop
    status: 500
    instance: /do/1/stop
    """
    And before should complete
    And stop should fault
    And after should not run

  Scenario: Raise keeps an instance set by the author
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: raise-instance
      version: '1.0.0'
    do:
      - fail:
          raise:
            error:
              type: https://example.com/errors/custom
              status: 400
              instance: /custom/place
    """
    When the workflow is executed
    Then the workflow should fault with error:
    """yaml
    type: https://example.com/errors/custom
    status: 400
    instance: /custom/place
    """

  Scenario: Raise of an error missing from use.errors faults with a configuration error
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: raise-undefined
      version: '1.0.0'
    do:
      - fail:
          raise:
            error: undefinedError
    """
    When the workflow is executed
    Then the workflow should fault with error:
    """yaml
    type: https://serverlessworkflow.io/spec/1.0.0/errors/configuration
    status: 400
    instance: /do/0/fail
    """

  Scenario: Raise with a failing detail expression faults with an expression error
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: raise-bad-expression
      version: '1.0.0'
    do:
      - fail:
          raise:
            error:
              type: https://example.com/errors/custom
              status: 400
              detail: ${ .missing.deeper + 1 + "x" }
    """
    When the workflow is executed
    Then the workflow should fault with error:
    """yaml
    type: https://serverlessworkflow.io/spec/1.0.0/errors/expression
    status: 400
    instance: /do/0/fail
    """
