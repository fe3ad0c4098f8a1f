import GRDB

extension DatabaseMigrator {
    /// Vigil's SQLite schema history. A shipped migration is never edited: add the next one.
    static var vigil: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 silences") { db in
            try db.create(table: "silence") { t in
                t.primaryKey("id", .text)
                t.column("matchers", .jsonText).notNull()
                t.column("startsAt", .double).notNull()
                t.column("endsAt", .double).notNull().indexed()
                t.column("updatedAt", .double).notNull()
                t.column("createdBy", .text).notNull()
                t.column("comment", .text).notNull()
                t.check(sql: "endsAt >= startsAt")
            }
        }
        migrator.registerMigration("v1 notification log and outbox") { db in
            try db.create(table: "nflog") { t in
                t.column("groupKey", .text).notNull()
                t.column("integration", .text).notNull()
                t.column("firing", .jsonText).notNull()
                t.column("resolved", .jsonText).notNull()
                t.column("timestamp", .double).notNull()
                t.primaryKey(["groupKey", "integration"])
            }
            try db.create(table: "outbox") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("integration", .text).notNull()
                t.column("groupKey", .text).notNull()
                t.column("data", .jsonText).notNull()
                t.column("createdAt", .double).notNull()
                t.column("attempts", .integer).notNull().defaults(to: 0)
                t.column("nextAttemptAt", .double).notNull()
                t.column("state", .text).notNull().indexed()
                    .check(sql: "state IN ('pending', 'delivered', 'failed')")
                t.column("lastError", .text)
                t.column("fallbackOf", .integer)
                t.column("fellBack", .boolean).notNull().defaults(to: false)
            }
            try db.create(table: "notificationAttempt") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("outboxID", .integer).notNull().indexed()
                t.column("receiver", .text).notNull()
                t.column("integration", .text).notNull()
                t.column("groupKey", .text).notNull()
                t.column("alerts", .jsonText).notNull()
                t.column("payloadHash", .text).notNull()
                t.column("attempt", .integer).notNull()
                t.column("at", .double).notNull().indexed()
                t.column("latencySeconds", .double).notNull()
                t.column("success", .boolean).notNull()
                t.column("error", .text)
            }
        }
        registerGovernanceMigrations(&migrator)
        registerOnCallMigrations(&migrator)
        registerSessionMigrations(&migrator)
        return migrator
    }
}

// MARK: - v2 governance (issue 8): audit ledger, users and tokens, approvals. Append-only below.

extension DatabaseMigrator {
    static func registerGovernanceMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v2 audit ledger") { db in
            try db.create(table: "auditLedger") { t in
                t.primaryKey("seq", .integer).check(sql: "seq > 0")
                t.column("time", .integer).notNull()
                t.column("actor", .text).notNull()
                t.column("action", .text).notNull()
                t.column("target", .text).notNull()
                t.column("details", .text).notNull()
                t.column("prevHash", .text).notNull().check(sql: "length(prevHash) = 64")
                t.column("hash", .text).notNull().unique().check(sql: "length(hash) = 64")
            }
            try db.create(table: "auditAnchor") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("seq", .integer).notNull()
                t.column("hash", .text).notNull().check(sql: "length(hash) = 64")
                t.column("time", .integer).notNull()
                t.column("receiver", .text).notNull()
            }
            // The ledger and its anchors only grow; the code never updates or deletes them, and
            // neither may anything else that goes through SQLite without dropping these first.
            for table in ["auditLedger", "auditAnchor"] {
                for operation in ["UPDATE", "DELETE"] {
                    try db.execute(sql: """
                        CREATE TRIGGER \(table)_no_\(operation.lowercased()) BEFORE \(operation) ON \(table)
                        BEGIN SELECT RAISE(ABORT, '\(table) is append-only'); END
                        """)
                }
            }
        }
        migrator.registerMigration("v2 users and tokens") { db in
            try db.create(table: "user") { t in
                t.primaryKey("id", .text)
                t.column("name", .text).notNull().unique()
                t.column("role", .text).notNull()
                t.column("passwordHash", .text)
                t.column("disabled", .boolean).notNull().defaults(to: false)
                t.column("createdAt", .integer).notNull()
            }
            try db.create(table: "apiToken") { t in
                t.primaryKey("id", .text)
                t.column("userID", .text).notNull().indexed().references("user", onDelete: .restrict)
                t.column("name", .text).notNull()
                t.column("role", .text).notNull()
                t.column("hash", .text).notNull().unique().check(sql: "length(hash) = 64")
                t.column("createdAt", .integer).notNull()
                t.column("expiresAt", .integer)
                t.column("revokedAt", .integer)
                t.column("lastUsedAt", .integer)
                t.check(sql: "expiresAt IS NULL OR expiresAt > createdAt")
            }
        }
        migrator.registerMigration("v2 approvals") { db in
            try db.create(table: "approvalRequest") { t in
                t.primaryKey("id", .text)
                t.column("action", .text).notNull()
                t.column("requesterID", .text).notNull().references("user", onDelete: .restrict)
                t.column("requesterName", .text).notNull()
                t.column("reason", .text).notNull()
                t.column("change", .text).notNull()
                t.column("createdAt", .integer).notNull()
                t.column("expiresAt", .integer).notNull().indexed()
                t.column("approved", .boolean)
                t.column("deciderID", .text).references("user", onDelete: .restrict)
                t.column("deciderName", .text)
                t.column("decisionReason", .text)
                t.column("decidedAt", .integer)
                t.check(sql: "expiresAt > createdAt")
                t.check(sql: "(approved IS NULL) = (decidedAt IS NULL)")
            }
        }
    }
}

// MARK: - v3 on-call (issue 6): incidents. Append-only below.

extension DatabaseMigrator {
    static func registerOnCallMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3 incidents") { db in
            try db.create(table: "incident") { t in
                t.primaryKey("id", .text)
                t.column("seq", .integer).notNull().unique()
                t.column("status", .text).notNull().indexed()
                t.column("groupKey", .text).indexed()
                t.column("openedAt", .double).notNull()
                t.column("updatedAt", .double).notNull()
                t.column("body", .jsonText).notNull()
            }
        }
    }
}

// MARK: - v4 sessions (issue 8): password sign-in with cookies. Append-only below.

extension DatabaseMigrator {
    static func registerSessionMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4 sessions") { db in
            try db.create(table: "session") { t in
                t.primaryKey("id", .text)
                t.column("userID", .text).notNull().indexed().references("user", onDelete: .restrict)
                t.column("hash", .text).notNull().unique().check(sql: "length(hash) = 64")
                t.column("createdAt", .integer).notNull()
                t.column("lastSeenAt", .integer).notNull()
                t.column("expiresAt", .integer).notNull().indexed()
                t.column("revokedAt", .integer)
                t.column("rotatedAt", .integer)
                t.column("mustRotate", .boolean).notNull().defaults(to: false)
                t.check(sql: "expiresAt > createdAt")
            }
        }
    }
}
