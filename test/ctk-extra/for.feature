Feature: For Task (extra)
  As an implementer of the workflow DSL
  I want to ensure that for tasks enumerate collections with their options
  So that my implementation conforms to the expected behavior

  Scenario: For with custom each and at names and an in expression in ${ }
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: for-custom-names
      version: '1.0.0'
    do:
      - enumerate:
          for:
            each: fruit
            at: position
            in: ${ .basket.fruits }
          do:
            - record:
                set:
                  basket: ${ .basket }
                  seen: ${ .seen + [ "\($position):\($fruit)" ] }
    """
    And given the workflow input is:
    """yaml
    basket:
      fruits: [ apple, banana, cherry ]
    seen: []
    """
    When the workflow is executed
    Then the workflow should complete
    And the workflow output should have a 'seen' property with value:
    """yaml
    [ '0:apple', '1:banana', '2:cherry' ]
    """

  Scenario: For with default item and index names
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: for-defaults
      version: '1.0.0'
    do:
      - sum:
          for:
            in: .numbers
          do:
            - add:
                set:
                  numbers: ${ .numbers }
                  total: ${ .total + $item }
                  lastIndex: ${ $index }
    """
    And given the workflow input is:
    """yaml
    numbers: [ 5, 10, 20 ]
    total: 0
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    numbers: [ 5, 10, 20 ]
    total: 35
    lastIndex: 2
    """

  Scenario: For stops early when the while condition no longer holds
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: for-while
      version: '1.0.0'
    do:
      - accumulate:
          for:
            each: n
            in: .numbers
          while: .total < 10
          do:
            - add:
                set:
                  numbers: ${ .numbers }
                  total: ${ .total + $n }
                  taken: ${ .taken + [ $n ] }
    """
    And given the workflow input is:
    """yaml
    numbers: [ 4, 4, 4, 4, 4 ]
    total: 0
    taken: []
    """
    When the workflow is executed
    Then the workflow should complete
    And the workflow output should have a 'total' property with value:
    """yaml
    12
    """
    And the workflow output should have a 'taken' property containing 3 items

  Scenario: For over an empty collection runs nothing and passes its input through
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: for-empty
      version: '1.0.0'
    do:
      - loop:
          for:
            in: .items
          do:
            - touch:
                set:
                  touched: true
    """
    And given the workflow input is:
    """yaml
    items: []
    untouched: true
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    items: []
    untouched: true
    """
    And touch should not run

  Scenario: Nested for loops see the variables of the enclosing loop
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: for-nested
      version: '1.0.0'
    do:
      - rows:
          for:
            each: row
            in: .rows
          do:
            - cols:
                for:
                  each: col
                  at: c
                  in: .cols
                do:
                  - cell:
                      set:
                        rows: ${ .rows }
                        cols: ${ .cols }
                        cells: ${ .cells + [ "\($row)\($col)" ] }
                        lastRowIndex: ${ $index }
                        lastColIndex: ${ $c }
    """
    And given the workflow input is:
    """yaml
    rows: [ a, b ]
    cols: [ 1, 2, 3 ]
    cells: []
    """
    When the workflow is executed
    Then the workflow should complete
    And the workflow output should have a 'cells' property with value:
    """yaml
    [ a1, a2, a3, b1, b2, b3 ]
    """
    And the workflow output should have a 'lastRowIndex' property with value:
    """yaml
    1
    """
    And the workflow output should have a 'lastColIndex' property with value:
    """yaml
    2
    """

  Scenario: A fault inside a for iteration faults the workflow
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: for-fault
      version: '1.0.0'
    do:
      - loop:
          for:
            each: n
            in: .numbers
          do:
            - check:
                if: ${ $n > 2 }
                raise:
                  error:
                    type: https://example.com/errors/too-big
                    status: 422
                    detail: ${ "\($n) is too big" }
    """
    And given the workflow input is:
    """yaml
    numbers: [ 1, 2, 3, 4 ]
    """
    When the workflow is executed
    Then the workflow should fault with error:
    """yaml
    type: https://example.com/errors/too-big
    status: 422
    detail: 3 is too big
    instance: /do/0/loop/do/0/check
    """

  Scenario: For with an in expression that fails faults with an expression error
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: for-bad-in
      version: '1.0.0'
    do:
      - loop:
          for:
            in: ${ .items + 1 }
          do:
            - touch:
                set:
                  touched: true
    """
    And given the workflow input is:
    """yaml
    items: [ 1 ]
    """
    When the workflow is executed
    Then the workflow should fault with error:
    """yaml
    type: https://serverlessworkflow.io/spec/1.0.0/errors/expression
    status: 400
    instance: /do/0/loop
    """
