Feature: Runtime Expression Errors (extra)
  As an implementer of the workflow DSL
  I want to ensure that failing runtime expressions fault with expression errors at the failing task
  So that my implementation conforms to the expected behavior

  # dsl.md "Runtime Expressions": "When the evaluation of an expression fails, runtimes must raise an error
  # with type https://serverlessworkflow.io/spec/1.0.0/errors/expression and status 400."

  Scenario: A failing expression in a set task faults with an expression error
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: expression-set
      version: '1.0.0'
    do:
      - ok:
          set:
            fine: true
      - broken:
          set:
            value: ${ 1 + "a" }
    """
    When the workflow is executed
    Then the workflow should fault with error:
    """yaml
    type: https://serverlessworkflow.io/spec/1.0.0/errors/expression
    status: 400
    instance: /do/1/broken
    """
    And broken should fault with error:
    """yaml
    type: https://serverlessworkflow.io/spec/1.0.0/errors/expression
    status: 400
    """
    And ok should complete

  Scenario: A failing expression in a nested task reports the nested task's pointer
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: expression-nested
      version: '1.0.0'
    do:
      - outer:
          do:
            - broken:
                set:
                  value: ${ .list | keys | .[0] + 1 }
    """
    And given the workflow input is:
    """yaml
    list: { a: 1 }
    """
    When the workflow is executed
    Then the workflow should fault with error:
    """yaml
    type: https://serverlessworkflow.io/spec/1.0.0/errors/expression
    status: 400
    instance: /do/0/outer/do/0/broken
    """

  Scenario: A failing if condition faults with an expression error
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: expression-if
      version: '1.0.0'
    do:
      - guarded:
          if: ${ .count + "x" }
          set:
            ran: true
    """
    And given the workflow input is:
    """yaml
    count: 1
    """
    When the workflow is executed
    Then the workflow should fault with error:
    """yaml
    type: https://serverlessworkflow.io/spec/1.0.0/errors/expression
    status: 400
    instance: /do/0/guarded
    """

  Scenario: A failing input.from faults with an expression error
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: expression-input-from
      version: '1.0.0'
    do:
      - shaped:
          input:
            from: ${ .a - "b" }
          set:
            ran: true
    """
    And given the workflow input is:
    """yaml
    a: 1
    """
    When the workflow is executed
    Then the workflow should fault with error:
    """yaml
    type: https://serverlessworkflow.io/spec/1.0.0/errors/expression
    status: 400
    instance: /do/0/shaped
    """

  Scenario: A failing output.as faults with an expression error
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: expression-output-as
      version: '1.0.0'
    do:
      - shaped:
          set:
            value: text
          output:
            as: ${ .value * {} }
    """
    When the workflow is executed
    Then the workflow should fault with error:
    """yaml
    type: https://serverlessworkflow.io/spec/1.0.0/errors/expression
    status: 400
    instance: /do/0/shaped
    """

  Scenario: A failing export.as faults with an expression error
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: expression-export-as
      version: '1.0.0'
    do:
      - shaped:
          set:
            value: 1
          export:
            as: ${ error("custom failure") }
    """
    When the workflow is executed
    Then the workflow should fault with error:
    """yaml
    type: https://serverlessworkflow.io/spec/1.0.0/errors/expression
    status: 400
    instance: /do/0/shaped
    """

  Scenario: An expression with a syntax error faults with an expression error
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: expression-syntax
      version: '1.0.0'
    do:
      - broken:
          set:
            value: ${ .a | | .b }
    """
    When the workflow is executed
    Then the workflow should fault with error:
    """yaml
    type: https://serverlessworkflow.io/spec/1.0.0/errors/expression
    status: 400
    instance: /do/0/broken
    """

  Scenario: A failing workflow output.as faults with an expression error
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: expression-workflow-output
      version: '1.0.0'
    output:
      as: ${ .value + 1 }
    do:
      - produce:
          set:
            value: text
    """
    When the workflow is executed
    Then the workflow should fault with error:
    """yaml
    type: https://serverlessworkflow.io/spec/1.0.0/errors/expression
    status: 400
    """
