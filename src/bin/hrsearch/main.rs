//! The `hrsearch` command: reads the command line ([`args`]), runs one
//! subcommand of the library ([`commands`]), reports errors. Exit codes: 0
//! found, 1 nothing found, 2 error.

mod args;
mod commands;
mod damage;
mod progress;

use std::process::ExitCode;

use args::Command;

/// jemalloc returns the memory the index writer's threads free after each
/// segment, which keeps the peak memory of indexing flat as a corpus grows
/// (glibc's per-thread arenas kept it).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// What a command found, for the exit code.
pub enum Outcome {
    Found,
    NothingFound,
    /// The command ran, but some input failed (reported already).
    PartlyFailed,
}

fn main() -> ExitCode {
    let cli = match args::parse() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    let place = commands::Place::of(cli.index.clone());
    let index_path = place.path.clone();
    // A damaged index can make the search engine panic deep inside a
    // segment; the panic is caught and told as what it is, not as a Rust
    // backtrace.
    let panic_message = std::sync::Arc::new(std::sync::Mutex::new(None::<String>));
    let hook_message = panic_message.clone();
    // The server reports its own panics, per request.
    if !matches!(cli.command, Command::Serve { .. }) {
        std::panic::set_hook(Box::new(move |info| {
            let mut slot = hook_message.lock().unwrap_or_else(|e| e.into_inner());
            slot.get_or_insert_with(|| info.to_string());
        }));
    }
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        dispatch(&place, cli.command)
    }))
    .unwrap_or_else(|_| {
        let message = panic_message
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
            .unwrap_or_default();
        Err(damage::after_panic(&index_path, &message))
    });
    match outcome {
        Ok(Outcome::Found) => ExitCode::SUCCESS,
        Ok(Outcome::NothingFound) => ExitCode::from(1),
        Ok(Outcome::PartlyFailed) => ExitCode::from(2),
        Err(err) if damage::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            let err = damage::name_the_damage(&index_path, err);
            eprintln!("hrsearch: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// Runs one subcommand.
fn dispatch(place: &commands::Place, command: Command) -> anyhow::Result<Outcome> {
    match command {
        Command::Index(args) => commands::index(place, &args),
        Command::Search(args) => commands::search(place, &args),
        Command::Show(args) => commands::show(place, &args),
        Command::Check { paths, json } => commands::check(&paths, json),
        Command::Verify { json } => commands::verify(place, json),
        Command::Stats { json } => commands::stats(place, json),
        Command::Serve { addr } => commands::serve(place, addr),
    }
}
