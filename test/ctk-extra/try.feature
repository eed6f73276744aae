Feature: Try Task (extra)
  As an implementer of the workflow DSL
  I want to ensure that try tasks catch the errors they filter and hand them to catch.do
  So that my implementation conforms to the expected behavior

  Scenario: Try without errors outputs the output of its task list
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: try-success
      version: '1.0.0'
    do:
      - guarded:
          try:
            - compute:
                set:
                  value: ${ .a * 2 }
          catch:
            do:
              - recover:
                  set:
                    recovered: true
    """
    And given the workflow input is:
    """yaml
    a: 21
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    value: 42
    """
    And recover should not run

  Scenario: Try catches an error matching errors.with and runs catch.do
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: try-match
      version: '1.0.0'
    do:
      - guarded:
          try:
            - fail:
                raise:
                  error:
                    type: https://example.com/errors/transient
                    status: 503
                    title: Transient
          catch:
            errors:
              with:
                type: https://example.com/errors/transient
                status: 503
            do:
              - recover:
                  set:
                    recovered: true
                    title: ${ $error.title }
                    status: ${ $error.status }
                    instance: ${ $error.instance }
      - after:
          set:
            result: ${ . }
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    result:
      recovered: true
      title: Transient
      status: 503
      instance: /do/0/guarded/try/0/fail
    """
    And fail should fault
    And recover should run after fail
    And guarded should complete

  Scenario: Try does not catch an error that does not match errors.with
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: try-no-match
      version: '1.0.0'
    do:
      - guarded:
          try:
            - fail:
                raise:
                  error:
                    type: https://example.com/errors/permanent
                    status: 400
          catch:
            errors:
              with:
                type: https://example.com/errors/transient
            do:
              - recover:
                  set:
                    recovered: true
    """
    When the workflow is executed
    Then the workflow should fault with error:
    """yaml
    type: https://example.com/errors/permanent
    status: 400
    instance: /do/0/guarded/try/0/fail
    """
    And recover should not run

  Scenario: Try does not catch an error whose status differs from errors.with
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: try-status-mismatch
      version: '1.0.0'
    do:
      - guarded:
          try:
            - fail:
                raise:
                  error:
                    type: https://example.com/errors/transient
                    status: 500
          catch:
            errors:
              with:
                type: https://example.com/errors/transient
                status: 503
    """
    When the workflow is executed
    Then the workflow should fault with error:
    """yaml
    type: https://example.com/errors/transient
    status: 500
    """

  Scenario: Try exposes the caught error under the name given by catch.as
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: try-as
      version: '1.0.0'
    do:
      - guarded:
          try:
            - fail:
                raise:
                  error:
                    type: https://example.com/errors/oops
                    status: 418
                    detail: ${ "bad value \(.value)" }
          catch:
            as: failure
            do:
              - recover:
                  set:
                    message: ${ $failure.detail }
                    status: ${ $failure.status }
    """
    And given the workflow input is:
    """yaml
    value: 9
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    message: bad value 9
    status: 418
    """

  Scenario: Try catches an error when catch.when holds
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: try-when-true
      version: '1.0.0'
    do:
      - guarded:
          try:
            - fail:
                raise:
                  error:
                    type: https://example.com/errors/oops
                    status: 409
          catch:
            when: ${ $error.status == 409 }
            do:
              - recover:
                  set:
                    caught: true
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    caught: true
    """

  Scenario: Try does not catch an error when catch.when does not hold
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: try-when-false
      version: '1.0.0'
    do:
      - guarded:
          try:
            - fail:
                raise:
                  error:
                    type: https://example.com/errors/oops
                    status: 500
          catch:
            when: ${ $error.status == 409 }
            do:
              - recover:
                  set:
                    caught: true
    """
    When the workflow is executed
    Then the workflow should fault with error:
    """yaml
    type: https://example.com/errors/oops
    status: 500
    """
    And recover should not run

  Scenario: Try does not catch an error when catch.exceptWhen holds
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: try-except-when-true
      version: '1.0.0'
    do:
      - guarded:
          try:
            - fail:
                raise:
                  error:
                    type: https://example.com/errors/oops
                    status: 500
          catch:
            exceptWhen: ${ $error.status >= 500 }
            do:
              - recover:
                  set:
                    caught: true
    """
    When the workflow is executed
    Then the workflow should fault with error:
    """yaml
    type: https://example.com/errors/oops
    status: 500
    """
    And recover should not run

  Scenario: Try catches an error when catch.exceptWhen does not hold
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: try-except-when-false
      version: '1.0.0'
    do:
      - guarded:
          try:
            - fail:
                raise:
                  error:
                    type: https://example.com/errors/oops
                    status: 404
          catch:
            exceptWhen: ${ $error.status >= 500 }
            do:
              - recover:
                  set:
                    caught: ${ $error.status }
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    caught: 404
    """

  Scenario: Try without an errors filter catches standard errors such as expression errors
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: try-catch-all
      version: '1.0.0'
    do:
      - guarded:
          try:
            - broken:
                set:
                  value: ${ 1 + "a" }
          catch:
            do:
              - recover:
                  set:
                    type: ${ $error.type }
                    status: ${ $error.status }
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    type: https://serverlessworkflow.io/spec/1.0.0/errors/expression
    status: 400
    """

  Scenario: A caught error without catch.do lets the workflow continue
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: try-swallow
      version: '1.0.0'
    do:
      - guarded:
          try:
            - fail:
                raise:
                  error:
                    type: https://example.com/errors/ignorable
                    status: 400
          catch:
            errors:
              with:
                type: https://example.com/errors/ignorable
      - after:
          set:
            continued: true
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    continued: true
    """
    And guarded should complete

  Scenario: An error not caught by an inner try is caught by an outer try
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: try-nested
      version: '1.0.0'
    do:
      - outerTry:
          try:
            - innerTry:
                try:
                  - fail:
                      raise:
                        error:
                          type: https://example.com/errors/outer-only
                          status: 400
                catch:
                  errors:
                    with:
                      type: https://example.com/errors/inner-only
                  do:
                    - innerRecover:
                        set:
                          by: inner
          catch:
            errors:
              with:
                type: https://example.com/errors/outer-only
            do:
              - outerRecover:
                  set:
                    by: outer
    """
    When the workflow is executed
    Then the workflow should complete with output:
    """yaml
    by: outer
    """
    And innerRecover should not run

  Scenario: An error raised in catch.do faults the workflow
    Given a workflow with definition:
    """yaml
    document:
      dsl: '1.0.3'
      namespace: default
      name: try-catch-do-fault
      version: '1.0.0'
    do:
      - guarded:
          try:
            - fail:
                raise:
                  error:
                    type: https://example.com/errors/first
                    status: 400
          catch:
            do:
              - failAgain:
                  raise:
                    error:
                      type: https://example.com/errors/second
                      status: 500
                      detail: ${ "while handling \($error.type)" }
    """
    When the workflow is executed
    Then the workflow should fault with error:
    """yaml
    type: https://example.com/errors/second
    status: 500
    detail: while handling https://example.com/errors/first
    instance: /do/0/guarded/catch/do/0/failAgain
    """
