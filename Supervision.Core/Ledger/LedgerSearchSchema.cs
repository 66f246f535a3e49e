namespace Supervision.Core.Ledger;

/// <summary>
/// The full-text schema the Ledger migration creates (FTS5 trigram tables and the triggers that keep them in step).
/// Kept here too so tests can check a database for it.
/// </summary>
internal static class LedgerSearchSchema
{
    public static readonly string[] Create =
    [
        """
        CREATE VIRTUAL TABLE TaskText USING fts5(Number, Title, Content, Target, tokenize='trigram');
        """,
        """
        CREATE VIRTUAL TABLE ReportText USING fts5(Progress, Problems, NextSteps, tokenize='trigram');
        """,
        """
        CREATE TRIGGER Tasks_TaskText_Insert AFTER INSERT ON Tasks BEGIN
            INSERT INTO TaskText(rowid, Number, Title, Content, Target) VALUES (new.Id, new.Number, new.Title, new.Content, coalesce(new.Target, ''));
        END;
        """,
        """
        CREATE TRIGGER Tasks_TaskText_Update AFTER UPDATE OF Number, Title, Content, Target ON Tasks BEGIN
            DELETE FROM TaskText WHERE rowid = old.Id;
            INSERT INTO TaskText(rowid, Number, Title, Content, Target) VALUES (new.Id, new.Number, new.Title, new.Content, coalesce(new.Target, ''));
        END;
        """,
        """
        CREATE TRIGGER Tasks_TaskText_Delete AFTER DELETE ON Tasks BEGIN
            DELETE FROM TaskText WHERE rowid = old.Id;
        END;
        """,
        """
        CREATE TRIGGER ReportRevisions_ReportText_Insert AFTER INSERT ON ReportRevisions BEGIN
            INSERT INTO ReportText(rowid, Progress, Problems, NextSteps) VALUES (new.Id, new.Progress, coalesce(new.Problems, ''), coalesce(new.NextSteps, ''));
        END;
        """,
        """
        CREATE TRIGGER ReportRevisions_ReportText_Update AFTER UPDATE OF Progress, Problems, NextSteps ON ReportRevisions BEGIN
            DELETE FROM ReportText WHERE rowid = old.Id;
            INSERT INTO ReportText(rowid, Progress, Problems, NextSteps) VALUES (new.Id, new.Progress, coalesce(new.Problems, ''), coalesce(new.NextSteps, ''));
        END;
        """,
        """
        CREATE TRIGGER ReportRevisions_ReportText_Delete AFTER DELETE ON ReportRevisions BEGIN
            DELETE FROM ReportText WHERE rowid = old.Id;
        END;
        """,
        """
        INSERT INTO TaskText(rowid, Number, Title, Content, Target) SELECT Id, Number, Title, Content, coalesce(Target, '') FROM Tasks;
        """,
        """
        INSERT INTO ReportText(rowid, Progress, Problems, NextSteps) SELECT Id, Progress, coalesce(Problems, ''), coalesce(NextSteps, '') FROM ReportRevisions;
        """,
    ];
}
