Feature: Fork Task (extra)
  As an implementer of the workflow DSL
  I want to ensure that fork branches run concurrently and combine their outputs
  So that my implementation conforms to the expected behavior

  Scenario: Fork outputs the branch outputs in declaration order
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: fork-all
      version: '1.0.0'
    do:
      - parallel:
          fork:
            branches:
              - slow:
                  do:
                    - pause:
                        wait: PT10S
                    - slowResult:
                        set:
                          branch: slow
                          seen: ${ .value }
              - fast:
                  set:
                    branch: fast
                    seen: ${ .value }
    """
    And given the workflow input is:
    """yaml
    value: 7
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    - branch: slow
      seen: 7
    - branch: fast
      seen: 7
    """
    And slow should complete
    And fast should complete
    And the workflow should have taken PT10S

  Scenario: Fork branches run concurrently
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: fork-concurrent
      version: '1.0.0'
    do:
      - parallel:
          fork:
            branches:
              - one:
                  wait: PT1H
              - two:
                  wait: PT1H
              - three:
                  wait: PT30M
    """
    When the workflow is executed
    Then the workflow should complete
    And the workflow should have taken PT1H

  Scenario: Competing fork outputs the first branch to finish
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: fork-compete
      version: '1.0.0'
    do:
      - race:
          fork:
            compete: true
            branches:
              - tortoise:
                  do:
                    - crawl:
                        wait:
                          minutes: 5
                    - tortoiseArrives:
                        set:
                          winner: tortoise
              - hare:
                  do:
                    - sprint:
                        wait:
                          seconds: 5
                    - hareArrives:
                        set:
                          winner: hare
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    winner: hare
    """
    And hareArrives should complete
    And tortoiseArrives should not run
    And the workflow should have taken PT5S

  Scenario: A faulting branch faults the fork
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: fork-fault
      version: '1.0.0'
    do:
      - parallel:
          fork:
            branches:
              - fine:
                  set:
                    ok: true
              - broken:
                  raise:
                    error:
                      type: https://example.com/errors/branch
                      status: 500
                      title: Branch failed
      - after:
          set:
            after: true
    """
    When the workflow is executed
    Then the workflow should fault with error:
    """yaml
    type: https://example.com/errors/branch
    status: 500
    title: Branch failed
    instance: /do/0/parallel/fork/branches/1/broken
    """
    And broken should fault
    And parallel should fault
    And after should not run

  Scenario: A fork fault can be caught by an enclosing try
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: fork-fault-caught
      version: '1.0.0'
    do:
      - guarded:
          try:
            - parallel:
                fork:
                  branches:
                    - waiting:
                        wait: PT1M
                    - broken:
                        raise:
                          error:
                            type: https://example.com/errors/branch
                            status: 500
          catch:
            errors:
              with:
                type: https://example.com/errors/branch
            do:
              - recover:
                  set:
                    recovered: true
                    from: ${ $error.instance }
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    recovered: true
    from: /do/0/guarded/try/0/parallel/fork/branches/1/broken
    """

  Scenario: Fork branches make HTTP calls concurrently and keep declaration order
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: fork-http
      version: '1.0.0'
    do:
      - parallel:
          fork:
            branches:
              - slowCall:
                  call: http
                  with:
                    method: get
                    endpoint: '{{server}}/delay/150'
              - fastCall:
                  call: http
                  with:
                    method: get
                    endpoint: '{{server}}/pets/3'
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    - delayed: 150
    - id: 3
      name: Pet 3
    """
